import { deliverEmails } from "../../lib/app/emails/send-email.js";
import { emailMessage } from "../../lib/ports/messages.js";
import { queueBatchFunction } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { services } from "../wiring.js";

/**
 * Sends queued emails at the account's pace, in bulk where it can; a throttled or failed send is reported as a
 * batch item failure and retried by SQS, never dropped.
 */
export const handler = queueBatchFunction(emailMessage, async (batch) => {
  const outcomes = await deliverEmails(
    services(),
    batch.map((b) => b.message),
  );
  const counts: Record<string, number> = {};
  for (const outcome of outcomes.values()) counts[outcome] = (counts[outcome] ?? 0) + 1;
  logger.info("Emails processed", { ...counts, batch: batch.length });
  return batch.filter((b) => outcomes.get(b.message.emailId) === "failed").map((b) => b.record);
});
