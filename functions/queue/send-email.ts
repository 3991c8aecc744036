import { emailMessage } from "../../lib/api/messages.js";
import { deliverEmail } from "../../lib/app/send-email.js";
import { queueFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { services } from "../wiring.js";

/** Sends queued emails at the account's pace; a throttled or failed send is retried by SQS, never dropped. */
export const handler = queueFunction(emailMessage, async (message, record) => {
  const outcome = await deliverEmail(services(), message);
  logger.info("Email processed", {
    outcome,
    template: message.template,
    emailId: message.emailId,
    sqsMessageId: record.messageId,
  });
});
