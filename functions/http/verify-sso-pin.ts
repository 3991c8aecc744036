import { verifySsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { credentials, ssoPins, tenants, users } from "../wiring/dynamodb.js";
import { hasher, sessions } from "../wiring/secrets.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof verifySsoPin>[0] => ({
  clock,
  credentials: credentials(),
  hasher: hasher(),
  sessions: sessions(),
  ssoPins: ssoPins(),
  tenants: tenants(),
  users: users(),
});

export const handler = httpFunction(
  ssoPinEndpoints["verify-sso-pin"],
  authentication,
  async ({ principal, body }) => {
    const result = await verifySsoPin(deps(), principal, body);
    return {
      status: 200,
      body: result.outcome === "ok" ? { ...result, expiresAt: result.expiresAt.toISOString() } : result,
    };
  },
);
