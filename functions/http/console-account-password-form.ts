import { accountPages } from "../../lib/api/console/account.js";
import { clearCookie } from "../../lib/api/page-cookies.js";
import { changePassword } from "../../lib/app/sessions/change-password.js";
import { AuthenticationError, ValidationError } from "../../lib/domain/errors.js";
import { consoleAccountEndpoints } from "../../lib/endpoints/console-account.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { identities } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { changePasswordDeps } from "../wiring/sign-in.js";

/**
 * The API's `changePassword` (re-authentication under the lockout, the password rules, the notice email): a refusal
 * is shown on the form again (never the passwords typed). The new password ends every session of the account (a
 * Latchkey ID's everywhere), this one too: the person signs in again with it.
 */
export const handler = sessionPageFunction(
  consoleAccountEndpoints["console-account-password-form"],
  { formTokens, settings, authentication, identities },
  async ({ principal, csrf, form }) => {
    const again = (status: number, problems: string[]) => ({
      status,
      title: "Change password",
      body: accountPages.passwordForm({ csrf, identity: principal.identity, problems }),
    });
    if (form.newPassword !== form.confirmPassword) {
      return again(422, ["The new password and its confirmation are not the same."]);
    }
    try {
      await changePassword(changePasswordDeps(), principal, {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      });
    } catch (error) {
      if (error instanceof AuthenticationError) {
        return again(422, ["Your current password was not accepted."]);
      }
      if (error instanceof ValidationError) return again(422, [error.message]);
      throw error;
    }
    // Every session of the account ended with the old password, this one too: sign in again with the new one.
    const provider = principal.identity ? "&provider=latchkey-id" : "";
    return {
      redirect: `/sign-in?tenant=${encodeURIComponent(principal.tenantId)}${provider}`,
      cookies: [clearCookie("session")],
    };
  },
);
