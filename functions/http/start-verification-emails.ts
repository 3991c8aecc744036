import { jobView } from "../../lib/api/views.js";
import { startVerificationEmails } from "../../lib/app/email-verifications/verification-email-job.js";
import { authorize } from "../../lib/domain/permissions.js";
import { emailVerificationEndpoints } from "../../lib/endpoints/email-verifications.js";
import { httpFunction } from "../middleware/http-function.js";
import { idempotently } from "../middleware/idempotent.js";
import { authentication } from "../wiring/authentication.js";
import { idempotency } from "../wiring/dynamodb.js";
import { startGroupEmailJobDeps as deps } from "../wiring/group-email-jobs.js";

const endpoint = emailVerificationEndpoints["start-verification-emails"];

export const handler = httpFunction(endpoint, authentication, (input) =>
  idempotently(
    idempotency,
    endpoint,
    input,
    () => authorize(input.principal, "emails:send-verifications"),
    async () => {
      const job = await startVerificationEmails(deps(), input.principal, input.body);
      return { status: 202, body: jobView(job), headers: { location: `/v1/jobs/${job.jobId}` } };
    },
  ),
);
