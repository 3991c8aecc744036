import { jobView } from "../../lib/api/views.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { authentication } from "../wiring/authentication.js";
import { clock } from "../wiring/clock.js";
import { audit, groups, jobSecrets, jobs } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof startResetEmails>[0] => ({
  audit: audit(),
  clock,
  groups: groups(),
  jobQueue: jobQueue(),
  jobs: jobs(),
  jobSecrets: jobSecrets(),
  secretBox: secretBox(),
});

export const handler = httpFunction(
  passwordResetEndpoints["start-reset-emails"],
  authentication,
  async ({ principal, body }) => {
    const job = await startResetEmails(deps(), principal, body);
    return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
  },
);
