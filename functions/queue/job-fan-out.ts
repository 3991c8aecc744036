import { fanOutJob } from "../../lib/app/jobs/run-job.js";
import { fanOutMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { services } from "../wiring.js";

export const handler = queueFunction(fanOutMessage, (message) => fanOutJob(services(), message));
