import { revokeUserSessions } from "../../lib/app/sessions/sign-out.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, sessionRevocations, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof revokeUserSessions>[0] => ({
  audit: audit(),
  clock,
  sessionRevocations: sessionRevocations(),
  users: users(),
});

export const handler = httpFunction(
  sessionEndpoints["revoke-user-sessions"],
  authentication,
  async ({ principal, params }) => {
    await revokeUserSessions(deps(), principal, params.userId);
    return { status: 204 };
  },
);
