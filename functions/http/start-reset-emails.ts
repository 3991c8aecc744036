import { jobView } from "../../lib/api/views.js";
import { startResetEmails } from "../../lib/app/password-resets/reset-email-job.js";
import { authorize } from "../../lib/domain/permissions.js";
import { passwordResetEndpoints } from "../../lib/endpoints/password-resets.js";
import { httpFunction } from "../middleware/http-function.js";
import { idempotently } from "../middleware/idempotent.js";
import { authentication } from "../wiring/authentication.js";
import { idempotency } from "../wiring/dynamodb.js";
import { startGroupEmailJobDeps as deps } from "../wiring/group-email-jobs.js";

const endpoint = passwordResetEndpoints["start-reset-emails"];

export const handler = httpFunction(endpoint, authentication, (input) =>
  idempotently(
    idempotency,
    endpoint,
    input,
    () => authorize(input.principal, "emails:send-resets"),
    async () => {
      const job = await startResetEmails(deps(), input.principal, input.body);
      return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
    },
  ),
);
