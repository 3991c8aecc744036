import { setUserStatus } from "../../lib/app/directory/user-status.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Disable the account: the user's sessions stop at their next request. */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-user-disable"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params }) => {
    const deps = { audit: audit(), clock, sessionRevocations: sessionRevocations(), users: users() };
    await setUserStatus(deps, principal, params.userId, "disabled");
    return { redirect: `/console/users/${encodeURIComponent(params.userId)}?done=disabled` };
  },
);
