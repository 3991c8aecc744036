import { requestPasswordReset } from "../../lib/app/password-resets/password-reset.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { requestResetDeps as deps } from "../wiring/password-resets.js";

/** The one answer to every reset request: it says nothing about whether an account matched. */
export const resetRequestedMessage =
  "If an account matches and can be reset by email, a link to choose a new password is on its way.";

export const handler = httpFunction(
  passwordResetEndpoints["request-password-reset"],
  async ({ body, sourceIp }) => {
    await requestPasswordReset(deps(), { ...body, sourceIp });
    return { status: 202, body: { message: resetRequestedMessage } };
  },
);
