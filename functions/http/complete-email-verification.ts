import { completeEmailVerification } from "../../lib/app/email-verifications/email-verification.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { httpFunction } from "../middleware/http-function.js";
import { completeVerificationDeps as deps } from "../wiring/email-verifications.js";

export const handler = httpFunction(
  emailVerificationEndpoints["complete-email-verification"],
  async ({ body }) => {
    const { username, email } = await completeEmailVerification(deps(), body.token);
    return { status: 200, body: { status: "email-verified", username, email } };
  },
);
