import { jobView } from "../../lib/api/views.js";
import { startVerificationEmails } from "../../lib/app/email-verifications/verification-email-job.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { startGroupEmailJobDeps as deps } from "../wiring/group-email-jobs.js";

export const handler = httpFunction(
  emailVerificationEndpoints["start-verification-emails"],
  authentication,
  async ({ principal, body }) => {
    const job = await startVerificationEmails(deps(), principal, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
