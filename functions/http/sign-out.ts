import { signOut } from "../../lib/app/sessions/sign-out.js";
import { sessionEndpoints } from "../../lib/endpoints/sessions.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { sessionRevocations } from "../wiring/dynamodb.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof signOut>[0] => ({
  clock,
  sessionRevocations: sessionRevocations(),
});

export const handler = httpFunction(sessionEndpoints["sign-out"], authentication, async ({ principal }) => {
  await signOut(deps(), principal);
  return { status: 204 };
});
