import { userPasswordForm } from "../../lib/api/console/user-password.js";
import { getUser } from "../../lib/app/directory/get-user.js";
import { authorize } from "../../lib/domain/permissions.js";
import { consolePasswordToolsEndpoints } from "../../lib/endpoints/console-password-tools.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { groups, identities, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Reset one user's password, step 2: who, and the admin's own password to confirm. */
export const handler = sessionPageFunction(
  consolePasswordToolsEndpoints["console-user-password"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params, csrf }) => {
    authorize(principal, "passwords:generate");
    const user = await getUser({ groups: groups(), users: users() }, principal, params.userId);
    return { status: 200, title: "Reset password", body: userPasswordForm({ user, csrf }) };
  },
);
