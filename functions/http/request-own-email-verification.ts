import { requestOwnEmailVerification } from "../../lib/app/email-verifications/email-verification.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { requestVerificationDeps as deps } from "../wiring/email-verifications.js";

export const handler = httpFunction(
  emailVerificationEndpoints["request-own-email-verification"],
  authentication,
  async ({ principal }) => ({ status: 202, body: await requestOwnEmailVerification(deps(), principal) }),
);
