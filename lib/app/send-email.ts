import { randomBytes } from "node:crypto";
import { type EmailMessage, EmailThrottledError } from "../ports/mailer.js";
import type { Deps } from "./deps.js";

/** A new email's id: its creation time first (base 36 milliseconds), so a tenant's emails list newest first. */
export function newEmailId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}${randomBytes(5).toString("hex")}`;
}

/**
 * Queues an email: its delivery record (`queued`, readable by the tenant's admins) first, then the queue message.
 * Every email the service sends goes through here and the email queue.
 */
export async function queueEmail(
  deps: Pick<Deps, "outbox" | "emailDeliveries" | "clock">,
  email: Omit<EmailMessage, "emailId">,
): Promise<string> {
  const now = deps.clock.now();
  const emailId = newEmailId(now);
  await deps.emailDeliveries.recordQueued({
    tenantId: email.tenantId,
    emailId,
    template: email.template,
    to: email.to,
    createdAt: now.toISOString(),
  });
  await deps.outbox.enqueue({ ...email, emailId });
  return emailId;
}

/** How the consumer paces and retries. */
export const sendingPolicy = {
  /** In-process retries of a throttled send before the message goes back to the queue. */
  throttleRetries: 4,
  throttleBackoffMs: 250,
  /** Longest wait for a free slot in the send rate before the message goes back to the queue. */
  maxPacingWaitMs: 10_000,
  /** How long an email waits when the 24-hour quota is (nearly) used up (the SQS maximum delay). */
  quotaDeferSeconds: 900,
};

/**
 * The email consumer's work for one message.
 * 1. An email already sent (a redelivered message) is not sent again.
 * 2. When the account's 24-hour quota is used up, the email goes back to the queue for 15 minutes (`deferred`) —
 *    it waits, it is never dropped.
 * 3. Pace: take a slot in the shared per-second window at the account's `MaxSendRate`, waiting for the next second
 *    while the current one is full.
 * 4. Send; a `ThrottlingException` is retried with doubling backoff a few times, then the message returns to the
 *    queue (SQS retries it, and dead-letters it after maxReceiveCount: `failed`).
 * 5. Record `sent` with SES's message id.
 */
export async function deliverEmail(
  deps: Pick<Deps, "mailer" | "sendingAccount" | "sendRate" | "emailDeliveries" | "outbox" | "clock">,
  message: EmailMessage,
): Promise<"sent" | "already-sent" | "deferred"> {
  const delivery = await deps.emailDeliveries.get(message.tenantId, message.emailId);
  if (delivery?.status === "sent") return "already-sent";
  const quota = await deps.sendingAccount.quota();
  if (quota.sentLast24Hours >= quota.max24HourSend) {
    await deps.outbox.defer(message, sendingPolicy.quotaDeferSeconds);
    await deps.emailDeliveries.markDeferred(
      message.tenantId,
      message.emailId,
      "The 24-hour sending quota is used up; the email will be sent when it allows.",
      deps.clock.now(),
    );
    return "deferred";
  }
  await takeSendSlot(deps, quota.maxSendRate);
  const { messageId } = await sendWithRetries(deps, message);
  await deps.emailDeliveries.markSent(message.tenantId, message.emailId, messageId, deps.clock.now());
  return "sent";
}

async function takeSendSlot(deps: Pick<Deps, "sendRate" | "clock">, rate: number) {
  const started = deps.clock.now().getTime();
  for (;;) {
    const now = deps.clock.now();
    if (await deps.sendRate.tryAcquire(now, rate)) return;
    if (now.getTime() - started > sendingPolicy.maxPacingWaitMs) {
      throw new EmailThrottledError("no free send slot: the queue will retry");
    }
    await deps.clock.sleep(1000 - (now.getTime() % 1000) + 5);
  }
}

async function sendWithRetries(deps: Pick<Deps, "mailer" | "clock">, message: EmailMessage) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.mailer.send(message);
    } catch (error) {
      if (!(error instanceof EmailThrottledError) || attempt >= sendingPolicy.throttleRetries) throw error;
      await deps.clock.sleep(sendingPolicy.throttleBackoffMs * 2 ** attempt);
    }
  }
}

/** An email whose message was dead-lettered after every retry: `failed`, visible to the tenant's admins. */
export async function failEmail(deps: Pick<Deps, "emailDeliveries" | "clock">, message: EmailMessage) {
  await deps.emailDeliveries.markFailed(
    message.tenantId,
    message.emailId,
    "Could not be sent after repeated attempts.",
    deps.clock.now(),
  );
}
