import { emailMessage } from "../../lib/api/messages.js";
import { queueFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { services } from "../wiring.js";

/** Sends queued emails; a throttled or failed send is retried by SQS, then dead-lettered, never dropped. */
export const handler = queueFunction(emailMessage, async (message, record) => {
  const { messageId } = await services().mailer.send(message);
  logger.info("Email sent", {
    template: message.template,
    sesMessageId: messageId,
    sqsMessageId: record.messageId,
  });
});
