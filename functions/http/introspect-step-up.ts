import { introspectStepUp } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { ssoPins } from "../wiring/dynamodb.js";
import { sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof introspectStepUp>[0] => ({
  clock,
  sessions: sessions(),
  ssoPins: ssoPins(),
});

export const handler = httpFunction(
  ssoPinEndpoints["introspect-step-up"],
  authentication,
  async ({ principal, body }) => ({
    status: 200,
    body: await introspectStepUp(deps(), principal, body),
  }),
);
