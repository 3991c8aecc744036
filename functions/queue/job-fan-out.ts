import { fanOutJob } from "../../lib/app/jobs/run-job.js";
import type { EmailOutbox } from "../../lib/ports/mailer.js";
import { fanOutMessage } from "../../lib/ports/messages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { queueFunction } from "../middleware/queue-function.js";
import { jobDeps } from "../wiring/jobs.js";
import { notGranted } from "../wiring/not-granted.js";
import { retryBackoff } from "../wiring/sqs.js";

/** The ports of planning a job and queuing its work: it hashes, emails and seals nothing, and is granted none of it. */
const deps = () =>
  jobDeps({
    hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
    outbox: notGranted<EmailOutbox>("outbox", "queue:email:send"),
    secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  });

export const handler = queueFunction(fanOutMessage, (message) => fanOutJob(deps(), message), {
  backoff: retryBackoff,
});
