import { setUserStatus } from "../../lib/app/directory/user-status.js";
import { directoryEndpoints } from "../../lib/endpoints/directory.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, sessionRevocations, users } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof setUserStatus>[0] => ({
  audit: audit(),
  clock,
  sessionRevocations: sessionRevocations(),
  users: users(),
});

export const handler = httpFunction(
  directoryEndpoints["enable-user"],
  authentication,
  async ({ principal, params }) => ({
    status: 200,
    body: await setUserStatus(deps(), principal, params.userId, "active"),
  }),
);
