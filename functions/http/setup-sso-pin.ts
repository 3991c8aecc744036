import { setupSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, ssoPins, users } from "../wiring/dynamodb.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof setupSsoPin>[0] => ({
  audit: audit(),
  clock,
  hasher: hasher(),
  sessions: sessions(),
  ssoPins: ssoPins(),
  users: users(),
});

export const handler = httpFunction(
  ssoPinEndpoints["setup-sso-pin"],
  authentication,
  async ({ principal, body }) => {
    const result = await setupSsoPin(deps(), principal, body);
    return { status: 200, body: { ...result, expiresAt: result.expiresAt.toISOString() } };
  },
);
