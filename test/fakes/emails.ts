import type {
  BulkSendResult,
  EmailDeliveries,
  EmailDelivery,
  EmailMessage,
  EmailOutbox,
  EmailStatus,
  Mailer,
  OutgoingEmail,
  SendingAccount,
  SendQuota,
  SendRateLimiter,
  TenantEmailQuota,
} from "../../lib/ports/mailer.js";
import { conditionFailed, copy, pageOf, tick } from "./support.js";

/** The email queue as a list: `queued` holds what was enqueued, `deferred` what was put back with its delay. */
export class FakeEmailOutbox implements EmailOutbox {
  readonly queued: EmailMessage[] = [];
  readonly deferred: { message: EmailMessage; delaySeconds: number }[] = [];

  async enqueue(message: EmailMessage): Promise<void> {
    await tick();
    this.queued.push(copy(message));
  }

  async defer(message: EmailMessage, delaySeconds: number): Promise<void> {
    await tick();
    this.deferred.push({ message: copy(message), delaySeconds });
  }
}

/** Records what would be sent; `fail` makes the next sends throw (e.g. an `EmailThrottledError`). */
export class FakeMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  fail?: () => Error;

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    await tick();
    if (this.fail) throw this.fail();
    this.sent.push(copy(email));
    return { messageId: `message-${this.sent.length}` };
  }

  async sendBulk(emails: readonly OutgoingEmail[]): Promise<BulkSendResult[]> {
    const results: BulkSendResult[] = [];
    for (const email of emails) results.push({ emailId: email.emailId, ...(await this.send(email)) });
    return results;
  }
}

/** A sending account with a fixed quota (SES sandbox figures unless given). */
export class FakeSendingAccount implements SendingAccount {
  constructor(public quotaValue: SendQuota = { maxSendRate: 1, max24HourSend: 200, sentLast24Hours: 0 }) {}

  async quota(): Promise<SendQuota> {
    await tick();
    return { ...this.quotaValue };
  }
}

/** `DynamoSendRateLimiter` in memory: a counter per second, never past the rate. */
export class FakeSendRateLimiter implements SendRateLimiter {
  private readonly windows = new Map<number, number>();

  async tryAcquire(now: Date, rate: number, count = 1): Promise<boolean> {
    await tick();
    const second = Math.floor(now.getTime() / 1000);
    const limit = Math.max(1, Math.floor(rate));
    if (count > limit) throw new RangeError(`${count} sends can never fit a window of ${limit}`);
    const sends = this.windows.get(second) ?? 0;
    if (sends > limit - count) return false;
    this.windows.set(second, sends + count);
    return true;
  }
}

/** `DynamoTenantEmailQuota` in memory: a counter per tenant and day. */
export class FakeTenantEmailQuota implements TenantEmailQuota {
  readonly counts = new Map<string, number>();

  async take(tenantId: string, day: string, max: number): Promise<boolean> {
    await tick();
    const sends = this.counts.get(`${tenantId}|${day}`) ?? 0;
    if (sends >= max) return false;
    this.counts.set(`${tenantId}|${day}`, sends + 1);
    return true;
  }

  async giveBack(tenantId: string, day: string): Promise<void> {
    await tick();
    const sends = this.counts.get(`${tenantId}|${day}`) ?? 0;
    if (sends > 0) this.counts.set(`${tenantId}|${day}`, sends - 1);
  }
}

/** `DynamoEmailDeliveries` in memory: newest first; a status change never hides a send. */
export class FakeEmailDeliveries implements EmailDeliveries {
  private readonly deliveries = new Map<string, EmailDelivery>();

  async recordQueued(delivery: Omit<EmailDelivery, "status" | "updatedAt">): Promise<void> {
    await tick();
    const key = `${delivery.tenantId}|${delivery.emailId}`;
    if (this.deliveries.has(key)) throw conditionFailed();
    this.deliveries.set(key, { ...copy(delivery), status: "queued", updatedAt: delivery.createdAt });
  }

  async get(tenantId: string, emailId: string): Promise<EmailDelivery | undefined> {
    await tick();
    const delivery = this.deliveries.get(`${tenantId}|${emailId}`);
    return delivery && copy(delivery);
  }

  async list(tenantId: string, page: { limit: number; cursor?: string; status?: EmailStatus }) {
    await tick();
    const newestFirst = [...this.deliveries.values()]
      .filter((d) => d.tenantId === tenantId && (!page.status || d.status === page.status))
      .sort((a, b) => (a.emailId < b.emailId ? 1 : -1));
    return pageOf(newestFirst, (d) => d.emailId, page.limit, page.cursor);
  }

  async markSent(tenantId: string, emailId: string, sesMessageId: string, now: Date): Promise<void> {
    this.update(tenantId, emailId, "sent", now, { sesMessageId, sentAt: now.toISOString() });
  }

  async markDeferred(tenantId: string, emailId: string, reason: string, now: Date): Promise<void> {
    this.update(tenantId, emailId, "deferred", now, { reason });
  }

  async markFailed(tenantId: string, emailId: string, reason: string, now: Date): Promise<void> {
    this.update(tenantId, emailId, "failed", now, { reason });
  }

  private update(
    tenantId: string,
    emailId: string,
    status: EmailDelivery["status"],
    now: Date,
    fields: Partial<EmailDelivery>,
  ) {
    const delivery = this.deliveries.get(`${tenantId}|${emailId}`);
    if (!delivery || delivery.status === "sent") return;
    Object.assign(delivery, fields, { status, updatedAt: now.toISOString() });
  }
}
