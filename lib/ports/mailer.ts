import type { LayoutId, MergeValues } from "../domain/email-layout.js";
import type { EmailMessage } from "./messages.js";

export type { EmailMessage };

/** An email ready to send: the consumer resolved its sender, its template and every merge value. */
export type OutgoingEmail = {
  tenantId: string;
  emailId: string;
  layoutId: LayoutId;
  /** The tenant saved its own layout: send with the tenant's template, not the platform default. */
  tenantLayout: boolean;
  from: string;
  to: string;
  values: MergeValues;
};

/** What SES said about one email of a bulk send. */
export type BulkSendResult = { emailId: string; messageId?: string; error?: string };

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

/** The tenant's template for a layout is missing from the sending service (publish it again, then retry). */
export class EmailTemplateMissingError extends Error {
  constructor(
    readonly tenantId: string,
    readonly layoutId: LayoutId,
  ) {
    super(`The email template of layout ${layoutId} is missing`);
    this.name = "EmailTemplateMissingError";
  }
}

/**
 * Sends templated emails now: `EmailThrottledError` when throttled, `EmailTemplateMissingError` when the tenant's
 * template is not there.
 */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Up to 50 emails of one tenant, layout and sender in one call (SESv2 `SendBulkEmail`); a result per email. */
  sendBulk(emails: readonly OutgoingEmail[]): Promise<BulkSendResult[]>;
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
  /**
   * True when `count` (default 1, at most `rate`) sends may start in the second containing `now`; false when that
   * second has no room for them all.
   */
  tryAcquire(now: Date, rate: number, count?: number): Promise<boolean>;
}

/**
 * Each tenant's share of the account's daily sending: a counter per tenant and UTC day, so one school's flood of
 * emails cannot use up the quota every school sends from.
 */
export interface TenantEmailQuota {
  /** Counts one email for the tenant on `day` (YYYY-MM-DD); false (nothing counted) when it already holds `max`. */
  take(tenantId: string, day: string, max: number): Promise<boolean>;
  /** Gives back one email counted on `day` that was not sent after all. */
  giveBack(tenantId: string, day: string): Promise<void>;
}

export const emailStatuses = ["queued", "deferred", "sent", "failed"] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/** What a tenant admin can read about an email: never its content. */
export type EmailDelivery = {
  tenantId: string;
  emailId: string;
  layoutId: LayoutId;
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
  /** Newest first; only one status when `status` is given (a cursor must come with the same filter). */
  list(
    tenantId: string,
    page: { limit: number; cursor?: string; status?: EmailStatus },
  ): Promise<{ items: EmailDelivery[]; cursor?: string }>;
  markSent(tenantId: string, emailId: string, sesMessageId: string, now: Date): Promise<void>;
  markDeferred(tenantId: string, emailId: string, reason: string, now: Date): Promise<void>;
  /** Failed for good (dead-lettered); never overrides `sent`. */
  markFailed(tenantId: string, emailId: string, reason: string, now: Date): Promise<void>;
}
