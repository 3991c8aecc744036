import { newPasswordShown, userPasswordForm } from "../../lib/api/console/user-password.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { resetTemporaryPassword } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { resetPasswordDeps } from "../wiring/temporary-passwords.js";

/**
 * Reset one user's password, step 3: the existing use case (site admins, own password, no more privilege than
 * theirs, ends the user's sessions, audited, tells them by email); the new password is shown once in this answer.
 */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-user-password-reset"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, form, csrf, timeZone }) => {
    authorize(principal, "passwords:generate");
    authorize(principal, "passwords:reveal");
    const refuse = async (status: number, error: string) => {
      const user = await getUser({ groups: groups(), users: users() }, principal, params.userId);
      return { status, title: "Reset password", body: userPasswordForm({ user, csrf, error }) };
    };
    if (!form.password) return refuse(422, "Enter your own password to confirm.");
    try {
      const reset = await resetTemporaryPassword(resetPasswordDeps(), principal, {
        userId: params.userId,
        password: form.password,
      });
      const user = await getUser({ groups: groups(), users: users() }, principal, params.userId);
      return {
        status: 200,
        title: "New temporary password",
        body: newPasswordShown({ user, ...reset, timeZone: timeZone ?? "Europe/London" }),
      };
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return refuse(401, "That is not your password: nothing was changed.");
    }
  },
);
