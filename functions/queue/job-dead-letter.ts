import { deadLetterJobMessage } from "../../lib/app/jobs/run-job.js";
import type { EmailOutbox } from "../../lib/ports/mailer.js";
import { jobMessage } from "../../lib/ports/messages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { queueFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { jobDeps } from "../wiring/jobs.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { countJobMessageDeadLettered } from "../wiring/service-metrics.js";

/**
 * The ports of finishing or failing a job after a dead letter: it may open a job key (a finished job's report), but
 * hashes nothing and sends no email, and is granted neither.
 */
const deps = () =>
  jobDeps({
    hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
    outbox: notGranted<EmailOutbox>("outbox", "queue:email:send"),
    secretBox: secretBox(),
  });

/** Consumes the job queues' dead-letter queues: the dead message's rows count as failed. */
export const handler = queueFunction(jobMessage, async (message) => {
  logger.warn("Job message dead-lettered", { jobId: message.jobId, tenantId: message.tenantId });
  await deadLetterJobMessage(deps(), message);
  countJobMessageDeadLettered();
});
