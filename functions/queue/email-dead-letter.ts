import { failEmail } from "../../lib/app/emails/send-email.js";
import { emailMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { services } from "../wiring.js";

/** Records a dead-lettered email as failed, so the tenant's admins see it. */
export const handler = queueFunction(emailMessage, async (message) => failEmail(services(), message));
