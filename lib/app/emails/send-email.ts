import { tenantValues } from "../../domain/email-layout.js";
import { maySendFrom } from "../../domain/email-sender.js";
import type { Tenant } from "../../domain/model.js";
import { emailQuotaDay } from "../../domain/rate-limits.js";
import {
  type BulkSendResult,
  type EmailMessage,
  EmailTemplateMissingError,
  EmailThrottledError,
  type OutgoingEmail,
} from "../../ports/mailer.js";
import { isOutage } from "../../shared/outage.js";
import type { Deps } from "../deps.js";
import { sealedTo } from "./queue-email.js";

// Queuing lives in its own module (every capability that emails imports it); re-exported for the consumers' tests.
export { type NewEmail, newEmailId, queueEmail } from "./queue-email.js";

/** How the consumer paces and retries. */
export const sendingPolicy = {
  /** In-process retries of a throttled send before the message goes back to the queue. */
  throttleRetries: 4,
  throttleBackoffMs: 250,
  /** Longest wait for a free slot in the send rate before the message goes back to the queue. */
  maxPacingWaitMs: 10_000,
  /** How long an email waits when the 24-hour quota is (nearly) used up (the SQS maximum delay). */
  quotaDeferSeconds: 900,
  /** SESv2 `SendBulkEmail` takes at most 50 destinations. */
  maxBulk: 50,
};

type DeliveryDeps = Pick<
  Deps,
  | "mailer"
  | "sendingAccount"
  | "sendRate"
  | "tenantEmailQuota"
  | "emailDeliveries"
  | "outbox"
  | "clock"
  | "secretBox"
  | "tenants"
  | "layouts"
  | "templatePublisher"
  | "settings"
>;

/** `unavailable`: SES (or a store) was out; the message is retried later, spaced out, like `failed`. */
export type DeliveryOutcome = "sent" | "already-sent" | "deferred" | "failed" | "unavailable";

/**
 * The email consumer's work for one batch of queue messages.
 * 1. An email already sent (a redelivered message) is not sent again.
 * 2. Emails beyond what the account's 24-hour quota has left go back to the queue for 15 minutes (`deferred`):
 *    they wait, they are never dropped. So do emails beyond the tenant's daily share
 *    (`settings.tenantDailyEmailQuota` per UTC day, counted per email before it is sent and given back when it is
 *    not): one school's flood cannot use up the quota every school sends from.
 * 3. Each email is resolved: the tenant's sender address while it is on a verified sender domain (or else the
 *    service's), the tenant's own template when it
 *    saved the layout, the tenant's names, and the sealed values opened.
 * 4. Emails of one tenant and layout go out together, up to 50 per `SendBulkEmail` (one by one with `SendEmail`
 *    when the rate allows only one a second). Each call first takes as many slots in the shared per-second window
 *    at the account's `MaxSendRate` as it has emails.
 * 5. A throttled call is retried with doubling backoff a few times; a missing tenant template is published again
 *    from the table and the call retried once.
 * 6. Each email sent is recorded `sent` with SES's message id. Anything else is returned as failed: the queue
 *    retries it, and dead-letters it after maxReceiveCount (`failed`). When SES is out (`isOutage`), the batch
 *    stops calling it and the unsent emails are `unavailable`: retried later, after a backoff.
 */
export async function deliverEmails(
  deps: DeliveryDeps,
  messages: readonly EmailMessage[],
): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>();
  const pending: EmailMessage[] = [];
  for (const message of messages) {
    const delivery = await deps.emailDeliveries.get(message.tenantId, message.emailId);
    if (delivery?.status === "sent") outcomes.set(message.emailId, "already-sent");
    else pending.push(message);
  }
  const quota = await deps.sendingAccount.quota();
  const room = Math.max(0, quota.max24HourSend - quota.sentLast24Hours);
  for (const message of pending.splice(room)) {
    await deps.outbox.defer(message, sendingPolicy.quotaDeferSeconds);
    await deps.emailDeliveries.markDeferred(
      message.tenantId,
      message.emailId,
      "The 24-hour sending quota is used up; the email will be sent when it allows.",
      deps.clock.now(),
    );
    outcomes.set(message.emailId, "deferred");
  }
  const day = emailQuotaDay(deps.clock.now());
  const counted: EmailMessage[] = [];
  for (const message of pending) {
    if (await deps.tenantEmailQuota.take(message.tenantId, day, deps.settings.tenantDailyEmailQuota)) {
      counted.push(message);
      continue;
    }
    await deps.outbox.defer(message, sendingPolicy.quotaDeferSeconds);
    await deps.emailDeliveries.markDeferred(
      message.tenantId,
      message.emailId,
      "The school's daily email quota is used up; the email will be sent tomorrow.",
      deps.clock.now(),
    );
    outcomes.set(message.emailId, "deferred");
  }
  const ready = await resolveAll(deps, counted, outcomes);
  const perCall = Math.max(1, Math.min(sendingPolicy.maxBulk, Math.floor(quota.maxSendRate)));
  const chunks = groupBy(ready, (e) => `${e.tenantId}\u0000${e.layoutId}\u0000${e.from}`).flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / perCall) }, (_, i) =>
      group.slice(i * perCall, (i + 1) * perCall),
    ),
  );
  let outage = false;
  for (const chunk of chunks) {
    let results: BulkSendResult[];
    try {
      await takeSendSlots(deps, quota.maxSendRate, chunk.length);
      results = await sendWithRetries(deps, chunk);
    } catch (error) {
      // Still throttled, or SES is out: these and the rest of the batch go back to the queue.
      if (error instanceof EmailThrottledError) break;
      if (isOutage(error)) {
        outage = true;
        break;
      }
      continue;
    }
    const { tenantId } = chunk[0] as OutgoingEmail;
    for (const result of results) {
      if (result.messageId) {
        await deps.emailDeliveries.markSent(tenantId, result.emailId, result.messageId, deps.clock.now());
        outcomes.set(result.emailId, "sent");
      }
    }
  }
  for (const message of messages) {
    if (!outcomes.has(message.emailId)) outcomes.set(message.emailId, outage ? "unavailable" : "failed");
  }
  for (const message of counted) {
    // Not sent after all (the queue retries it): it no longer counts against the tenant's day.
    const outcome = outcomes.get(message.emailId);
    if (outcome === "failed" || outcome === "unavailable")
      await deps.tenantEmailQuota.giveBack(message.tenantId, day);
  }
  return outcomes;
}

/** One email, as `deliverEmails` would send it in a batch of one. */
export async function deliverEmail(deps: DeliveryDeps, message: EmailMessage): Promise<DeliveryOutcome> {
  const outcomes = await deliverEmails(deps, [message]);
  return outcomes.get(message.emailId) ?? "failed";
}

async function resolveAll(
  deps: DeliveryDeps,
  messages: readonly EmailMessage[],
  outcomes: Map<string, DeliveryOutcome>,
): Promise<OutgoingEmail[]> {
  const tenants = new Map<string, Promise<Tenant | undefined>>();
  const tenantLayouts = new Map<string, Promise<boolean>>();
  const ready: OutgoingEmail[] = [];
  for (const message of messages) {
    const tenantId = message.tenantId;
    if (!tenants.has(tenantId)) tenants.set(tenantId, deps.tenants.get(tenantId));
    const layoutKey = `${tenantId}\u0000${message.layoutId}`;
    if (!tenantLayouts.has(layoutKey)) {
      tenantLayouts.set(
        layoutKey,
        deps.layouts.get(tenantId, message.layoutId).then((l) => l !== undefined),
      );
    }
    const tenant = await tenants.get(tenantId);
    if (!tenant) {
      outcomes.set(message.emailId, "failed");
      continue;
    }
    const secret = await openValues(deps, message);
    if (!secret) {
      outcomes.set(message.emailId, "failed");
      continue;
    }
    ready.push({
      tenantId,
      emailId: message.emailId,
      layoutId: message.layoutId,
      tenantLayout: !message.serviceLayout && ((await tenantLayouts.get(layoutKey)) ?? false),
      from: message.serviceLayout ? deps.settings.defaultSender : senderOf(tenant, deps.settings),
      to: message.to,
      values: { ...tenantValues(tenant), ...message.values, ...secret },
    });
  }
  return ready;
}

/** The tenant's sender while it is on a verified sender domain (configuration can change), else the service's. */
function senderOf(tenant: Tenant, settings: DeliveryDeps["settings"]): string {
  const own = tenant.senderAddress;
  return own && maySendFrom(own, settings.senderDomains) ? own : settings.defaultSender;
}

async function openValues(deps: Pick<Deps, "secretBox">, message: EmailMessage) {
  if (!message.sealed) return {};
  try {
    const opened = await deps.secretBox.open(message.sealed, sealedTo(message.tenantId, message.emailId));
    return JSON.parse(opened) as Record<string, string>;
  } catch {
    return undefined;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

async function takeSendSlots(deps: Pick<Deps, "sendRate" | "clock">, rate: number, count: number) {
  const started = deps.clock.now().getTime();
  for (;;) {
    const now = deps.clock.now();
    if (await deps.sendRate.tryAcquire(now, rate, count)) return;
    if (now.getTime() - started > sendingPolicy.maxPacingWaitMs) {
      throw new EmailThrottledError("no free send slot: the queue will retry");
    }
    await deps.clock.sleep(1000 - (now.getTime() % 1000) + 5);
  }
}

async function sendWithRetries(
  deps: Pick<Deps, "mailer" | "clock" | "layouts" | "templatePublisher">,
  emails: readonly OutgoingEmail[],
) {
  const [first] = emails as [OutgoingEmail];
  let republished = false;
  for (let attempt = 0; ; attempt++) {
    try {
      if (emails.length === 1) {
        const { messageId } = await deps.mailer.send(first);
        return [{ emailId: first.emailId, messageId }];
      }
      return await deps.mailer.sendBulk(emails);
    } catch (error) {
      if (error instanceof EmailTemplateMissingError && !republished) {
        // The template was lost (a new SES region, a restarted emulator): the table holds the layout.
        const layout = await deps.layouts.get(first.tenantId, first.layoutId);
        if (!layout) throw error;
        await deps.templatePublisher.publish(first.tenantId, layout);
        republished = true;
        continue;
      }
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
