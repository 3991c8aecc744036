import { contracts } from "../../lib/api/contracts.js";
import { setupSsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["setup-sso-pin"], services, async ({ principal, body }) => {
  const result = await setupSsoPin(services(), principal, body);
  return { status: 200, body: { ...result, expiresAt: result.expiresAt.toISOString() } };
});
