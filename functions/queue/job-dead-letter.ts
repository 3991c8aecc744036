import { deadLetterJobMessage } from "../../lib/app/jobs/run-job.js";
import { jobMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { services } from "../wiring.js";

/** Consumes the job queues' dead-letter queues: the dead message's rows count as failed. */
export const handler = queueFunction(jobMessage, async (message) => {
  logger.warn("Job message dead-lettered", { jobId: message.jobId, tenantId: message.tenantId });
  await deadLetterJobMessage(services(), message);
});
