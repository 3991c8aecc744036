import { failEmail } from "../../lib/app/emails/send-email.js";
import { emailMessage } from "../../lib/ports/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { clock } from "../wiring/clock.js";
import { emailDeliveries } from "../wiring/dynamodb.js";
import { countEmailDeadLettered } from "../wiring/service-metrics.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof failEmail>[0] => ({
  clock,
  emailDeliveries: emailDeliveries(),
});

/** Records a dead-lettered email as failed, so the tenant's admins see it. */
export const handler = queueFunction(emailMessage, async (message) => {
  await failEmail(deps(), message);
  countEmailDeadLettered();
});
