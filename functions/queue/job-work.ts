import { processJobChunk } from "../../lib/app/jobs/run-job.js";
import { workMessage } from "../../lib/ports/messages.js";
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
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { settings } from "../wiring/settings.js";
import { jobQueue, outbox } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof processJobChunk>[0] => ({
  audit: audit(),
  clock,
  emailDeliveries: emailDeliveries(),
  groups: groups(),
  hasher: hasher(),
  jobQueue: jobQueue(),
  jobSecrets: jobSecrets(),
  jobs: jobs(),
  locks: locks(),
  outbox: outbox(),
  passwordResets: passwordResets(),
  pupilPins: pupilPins(),
  secretBox: secretBox(),
  settings: settings(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const handler = queueFunction(workMessage, (message) => processJobChunk(deps(), message));
