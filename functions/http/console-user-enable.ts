import { setUserStatus } from "../../lib/app/directory/user-status.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Enable a disabled account again. */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-user-enable"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params }) => {
    const deps = { audit: audit(), clock, sessionRevocations: sessionRevocations(), users: users() };
    await setUserStatus(deps, principal, params.userId, "active");
    return { redirect: `/console/users/${encodeURIComponent(params.userId)}?done=enabled` };
  },
);
