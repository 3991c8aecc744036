import { verifySsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { ssoPinEndpoints } from "../../lib/endpoints/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  ssoPinEndpoints["verify-sso-pin"],
  services,
  async ({ principal, body }) => {
    const result = await verifySsoPin(services(), principal, body);
    return {
      status: 200,
      body: result.outcome === "ok" ? { ...result, expiresAt: result.expiresAt.toISOString() } : result,
    };
  },
);
