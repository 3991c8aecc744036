import { setupSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  ssoPinEndpoints["setup-sso-pin"],
  services,
  async ({ principal, body }) => {
    const result = await setupSsoPin(services(), principal, body);
    return { status: 200, body: { ...result, expiresAt: result.expiresAt.toISOString() } };
  },
);
