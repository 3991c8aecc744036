import type { EmailTemplateId } from "../topology/email-templates.js";

export type EmailMessage = {
  tenantId: string;
  /** Identifies the email's delivery record; a redelivered queue message with the same id is sent once. */
  emailId: string;
  template: EmailTemplateId;
  to: string;
  /** Template values; never secrets other than the one the email exists to deliver. */
  data: Record<string, string>;
};

/** The email queue. `enqueue` is for new emails (see `queueEmail`); `defer` puts one back for later. */
export interface EmailOutbox {
  enqueue(message: EmailMessage): Promise<void>;
  /** Queues the message again, invisible for `delaySeconds` (≤ 900): used to wait out the sending quota. */
  defer(message: EmailMessage, delaySeconds: number): Promise<void>;
}

/** SES refused the send for now (`ThrottlingException`, `TooManyRequestsException`): try again later. */
export class EmailThrottledError extends Error {
  constructor(cause?: unknown) {
    super("The email service is throttling sends", { cause });
    this.name = "EmailThrottledError";
  }
}

/** Sends one templated email now; `EmailThrottledError` when throttled. */
export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** The sending account's limits (SES `GetAccount`). */
export type SendQuota = { maxSendRate: number; max24HourSend: number; sentLast24Hours: number };

export interface SendingAccount {
  quota(): Promise<SendQuota>;
}

/**
 * Paces sends across every consumer at once: at most `rate` sends start in any one second (a shared counter per
 * second, so concurrent consumers together stay under the account's rate).
 */
export interface SendRateLimiter {
  /** True when a send may start in the second containing `now`; false when that second is full. */
  tryAcquire(now: Date, rate: number): Promise<boolean>;
}

export type EmailStatus = "queued" | "deferred" | "sent" | "failed";

/** What a tenant admin can read about an email: never its content. */
export type EmailDelivery = {
  tenantId: string;
  emailId: string;
  template: EmailTemplateId;
  to: string;
  status: EmailStatus;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  sesMessageId?: string;
  /** Why it failed or was deferred. */
  reason?: string;
};

/** Delivery status per email. */
export interface EmailDeliveries {
  recordQueued(delivery: Omit<EmailDelivery, "status" | "updatedAt">): Promise<void>;
  get(tenantId: string, emailId: string): Promise<EmailDelivery | undefined>;
  list(
    tenantId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: EmailDelivery[]; cursor?: string }>;
  markSent(tenantId: string, emailId: string, sesMessageId: string, now: Date): Promise<void>;
  markDeferred(tenantId: string, emailId: string, reason: string, now: Date): Promise<void>;
  /** Failed for good (dead-lettered); never overrides `sent`. */
  markFailed(tenantId: string, emailId: string, reason: string, now: Date): Promise<void>;
}
