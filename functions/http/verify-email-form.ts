import { verifyEmailPages } from "../../lib/api/verify-email-pages.js";
import { completeEmailVerification } from "../../lib/app/email-verifications/email-verification.js";
import { GoneError } from "../../lib/domain/errors.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { pageFunction } from "../middleware/page-function.js";
import { completeVerificationDeps as deps } from "../wiring/email-verifications.js";

/** Confirms the address; a dead link says so. */
export const handler = pageFunction(emailVerificationEndpoints["verify-email-form"], async ({ form }) => {
  try {
    const { username, email } = await completeEmailVerification(deps(), form.token);
    return {
      status: 200,
      title: "Email address confirmed",
      body: verifyEmailPages.confirmed(username, email),
    };
  } catch (error) {
    if (!(error instanceof GoneError)) throw error;
    return {
      status: 410,
      title: "This link no longer works",
      body: verifyEmailPages.linkUnusable(error.message),
    };
  }
});
