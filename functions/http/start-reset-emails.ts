import { jobView } from "../../lib/api/views.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { startGroupEmailJobDeps as deps } from "../wiring/group-email-jobs.js";

export const handler = httpFunction(
  passwordResetEndpoints["start-reset-emails"],
  authentication,
  async ({ principal, body }) => {
    const job = await startResetEmails(deps(), principal, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
