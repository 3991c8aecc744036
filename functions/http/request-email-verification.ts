import { requestEmailVerification } from "../../lib/app/email-verifications/email-verification.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { requestVerificationDeps as deps } from "../wiring/email-verifications.js";

export const handler = httpFunction(
  emailVerificationEndpoints["request-email-verification"],
  authentication,
  async ({ principal, params }) => ({
    status: 202,
    body: await requestEmailVerification(deps(), principal, params.userId),
  }),
);
