import { fanOutJob } from "../../lib/app/jobs/run-job.js";
import type { EmailOutbox } from "../../lib/ports/mailer.js";
import { fanOutMessage } from "../../lib/ports/messages.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { queueFunction } from "../middleware/queue-function.js";
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
import { settings } from "../wiring/settings.js";
import { jobQueue } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof fanOutJob>[0] => ({
  audit: audit(),
  clock,
  emailDeliveries: emailDeliveries(),
  groups: groups(),
  // Planning a job hashes nothing: not granted secret:pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  // Planning a job sends no email: not granted queue:email:send.
  outbox: notGranted<EmailOutbox>("outbox", "queue:email:send"),
  passwordResets: passwordResets(),
  pupilPins: pupilPins(),
  // Planning a job seals nothing: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  settings: settings(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = queueFunction(fanOutMessage, (message) => fanOutJob(deps(), message));
