import { processJobChunk } from "../../lib/app/jobs/run-job.js";
import { workMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { services } from "../wiring.js";

export const handler = queueFunction(workMessage, (message) => processJobChunk(services(), message));
