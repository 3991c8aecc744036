import { contracts } from "../../lib/api/contracts.js";
import { verifySsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["verify-sso-pin"], services, async ({ principal, body }) => {
  const result = await verifySsoPin(services(), principal, body);
  return {
    status: 200,
    body: result.outcome === "ok" ? { ...result, expiresAt: result.expiresAt.toISOString() } : result,
  };
});
