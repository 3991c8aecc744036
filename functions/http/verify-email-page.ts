import { verifyEmailPages } from "../../lib/api/verify-email-pages.js";
import { checkVerificationLink } from "../../lib/app/email-verifications/email-verification.js";
import { GoneError } from "../../lib/domain/errors.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { pageFunction } from "../middleware/page-function.js";
import { completeVerificationDeps as deps } from "../wiring/email-verifications.js";

/** Opening the link only reads: a confirm button, or a clear page when the link no longer works. */
export const handler = pageFunction(emailVerificationEndpoints["verify-email-page"], async ({ query }) => {
  try {
    const { user, email } = await checkVerificationLink(deps(), query.token);
    return {
      status: 200,
      title: "Confirm your email address",
      body: verifyEmailPages.confirmForm(query.token, user.username, email),
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
