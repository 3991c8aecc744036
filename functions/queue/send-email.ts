import { deliverEmails } from "../../lib/app/emails/send-email.js";
import { emailMessage } from "../../lib/ports/messages.js";
import { queueBatchFunction, retryLater } from "../middleware/queue-function.js";
import { logger } from "../observability.js";
import { clock } from "../wiring/clock.js";
import { emailDeliveries, layouts, sendRate, tenantEmailQuota, tenants } from "../wiring/dynamodb.js";
import { secretBox } from "../wiring/secret-box.js";
import { countEmailOutcomes } from "../wiring/service-metrics.js";
import { mailer, sendingAccount, templatePublisher } from "../wiring/ses.js";
import { settings } from "../wiring/settings.js";
import { outbox, retryBackoff } from "../wiring/sqs.js";

/** The ports this function's use case needs, and only those: the rest stay out of its bundle. */
const deps = (): Parameters<typeof deliverEmails>[0] => ({
  clock,
  emailDeliveries: emailDeliveries(),
  layouts: layouts(),
  mailer: mailer(),
  outbox: outbox(),
  secretBox: secretBox(),
  sendRate: sendRate(),
  sendingAccount: sendingAccount(),
  settings: settings(),
  templatePublisher: templatePublisher(),
  tenantEmailQuota: tenantEmailQuota(),
  tenants: tenants(),
});

/**
 * Sends queued emails at the account's pace, in bulk where it can; a throttled or failed send is reported as a
 * batch item failure and retried by SQS, never dropped; one SES could not take (an outage) comes back after a
 * backoff.
 */
export const handler = queueBatchFunction(
  emailMessage,
  async (batch) => {
    const outcomes = await deliverEmails(
      deps(),
      batch.map((b) => b.message),
    );
    const counts: Record<string, number> = {};
    for (const outcome of outcomes.values()) counts[outcome] = (counts[outcome] ?? 0) + 1;
    logger.info("Emails processed", { ...counts, batch: batch.length });
    countEmailOutcomes(outcomes.values());
    const outcome = (b: (typeof batch)[number]) => outcomes.get(b.message.emailId);
    await retryLater(
      retryBackoff,
      batch.filter((b) => outcome(b) === "unavailable").map((b) => b.record),
    );
    return batch.filter((b) => outcome(b) === "failed" || outcome(b) === "unavailable").map((b) => b.record);
  },
  { backoff: retryBackoff },
);
