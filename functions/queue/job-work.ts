import { processJobChunk } from "../../lib/app/jobs/run-job.js";
import { workMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { jobDeps } from "../wiring/jobs.js";
import { secretBox } from "../wiring/secret-box.js";
import { hasher } from "../wiring/secrets.js";
import { outbox, retryBackoff } from "../wiring/sqs.js";

/** The ports of a work chunk: any job type's chunk may hash, email and seal. */
const deps = () => jobDeps({ hasher: hasher(), outbox: outbox(), secretBox: secretBox() });

export const handler = queueFunction(workMessage, (message) => processJobChunk(deps(), message), {
  backoff: retryBackoff,
});
