import { deadLetterJobMessage } from "../../lib/app/jobs/run-job.js";
import type { EmailOutbox } from "../../lib/ports/mailer.js";
import { jobMessage } from "../../lib/ports/messages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { queueFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { clock } from "../wiring/clock.js";
import {
  audit,
  emailDeliveries,
  groups,
  jobSecrets,
  jobs,
  locks,
  passwordResets,
  pupilPins,
  temporaryPasswords,
  tenants,
  users,
} from "../wiring/dynamodb.js";
import { notGranted } from "../wiring/not-granted.js";
import { secretBox } from "../wiring/secret-box.js";
import { settings } from "../wiring/settings.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof deadLetterJobMessage>[0] => ({
  audit: audit(),
  clock,
  emailDeliveries: emailDeliveries(),
  groups: groups(),
  // Finishing or failing a job hashes nothing: not granted secret:pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  // Finishing or failing a job sends no email: not granted queue:email:send.
  outbox: notGranted<EmailOutbox>("outbox", "queue:email:send"),
  passwordResets: passwordResets(),
  pupilPins: pupilPins(),
  secretBox: secretBox(),
  settings: settings(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

/** Consumes the job queues' dead-letter queues: the dead message's rows count as failed. */
export const handler = queueFunction(jobMessage, async (message) => {
  logger.warn("Job message dead-lettered", { jobId: message.jobId, tenantId: message.tenantId });
  await deadLetterJobMessage(deps(), message);
});
