import { contracts } from "../../lib/api/contracts.js";
import { completePasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(contracts["complete-password-reset"], services, async ({ body }) => {
  const { username } = await completePasswordReset(services(), body);
  return { status: 200, body: { status: "password-changed", username } };
});
