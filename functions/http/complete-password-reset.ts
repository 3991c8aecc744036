import { completePasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { completeResetDeps as deps } from "../wiring/password-resets.js";

export const handler = httpFunction(passwordResetEndpoints["complete-password-reset"], async ({ body }) => {
  const { username } = await completePasswordReset(deps(), body);
  return { status: 200, body: { status: "password-changed", username } };
});
