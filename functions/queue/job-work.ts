import { workMessage } from "../../lib/api/messages.js";
import { processJobChunk } from "../../lib/app/jobs/run-job.js";
import { queueFunction } from "../middleware/queue-function.js";
import { services } from "../wiring.js";

export const handler = queueFunction(workMessage, (message) => processJobChunk(services(), message));
