import { completePasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { services } from "../wiring.js";

export const handler = httpFunction(
  passwordResetEndpoints["complete-password-reset"],
  services,
  async ({ body }) => {
    const { username } = await completePasswordReset(services(), body);
    return { status: 200, body: { status: "password-changed", username } };
  },
);
