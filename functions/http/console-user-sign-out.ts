import { revokeUserSessions } from "../../lib/app/sessions/sign-out.js";
import { consoleUsersEndpoints } from "../../lib/endpoints/console-users.js";
import { sessionPageFunction } from "../middleware/session-page-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, identities, sessionRevocations, users } from "../wiring/dynamodb.js";
import { formTokens } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";

/** Sign out everywhere: every session of the user ends (never one with more privilege than yours). */
export const handler = sessionPageFunction(
  consoleUsersEndpoints["console-user-sign-out"],
  { formTokens, settings, authentication, identities },
  async ({ principal, params }) => {
    const deps = { audit: audit(), clock, sessionRevocations: sessionRevocations(), users: users() };
    await revokeUserSessions(deps, principal, params.userId);
    return { redirect: `/console/users/${encodeURIComponent(params.userId)}?done=signed-out` };
  },
);
