import { createHash, randomBytes } from "node:crypto";
import { type LayoutId, layoutRules } from "../../domain/email-layout.js";
import type { Deps } from "../deps.js";

/** A new email's id: its creation time first (base 36 milliseconds), so a tenant's emails list newest first. */
export function newEmailId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}${randomBytes(5).toString("hex")}`;
}

/**
 * The one email a bulk job sends a user: the job's start first (so it lists with its time), then a digest of
 * (job, user), so a redelivered chunk queues the same email again instead of a second one.
 */
export function jobEmailId(job: { jobId: string; createdAt: string }, userId: string): string {
  const digest = createHash("sha256").update(`${job.jobId}\u0000${userId}`).digest("hex").slice(0, 10);
  return `${Date.parse(job.createdAt).toString(36).padStart(9, "0")}${digest}`;
}

/** The ports queuing an email takes. */
export type QueueEmailDeps = Pick<Deps, "outbox" | "emailDeliveries" | "clock" | "secretBox">;

/** Binds an email's sealed values to that email: they cannot be replayed into another one. */
export const sealedTo = (tenantId: string, emailId: string) => `email:${tenantId}:${emailId}`;

export type NewEmail = {
  tenantId: string;
  layoutId: LayoutId;
  to: string;
  /** Merge values; the layout's secret ones (PIN code, temporary password, reset link) are sealed on the queue. */
  values: Record<string, string>;
  /** A given id (`jobEmailId`) makes queuing idempotent: an email already sent is not queued again. */
  emailId?: string;
  /** The service's default layout and sender, whatever the tenant saved (see `EmailMessage.serviceLayout`). */
  serviceLayout?: true;
};

/**
 * Queues an email: its delivery record (`queued`, readable by the tenant's admins) first, then the queue message,
 * with the layout's secret values sealed (AES-256-GCM, bound to this email). Every email the service sends goes
 * through here and the email queue. The tenant's name and environment name are filled in when it is sent.
 * With a given `emailId`, queuing again is safe: a sent email is left alone, a queued one gets its message again
 * (the email consumer sends an id once).
 */
export async function queueEmail(deps: QueueEmailDeps, email: NewEmail): Promise<string> {
  const now = deps.clock.now();
  const emailId = email.emailId ?? newEmailId(now);
  const earlier = email.emailId ? await deps.emailDeliveries.get(email.tenantId, emailId) : undefined;
  if (earlier?.status === "sent") return emailId;
  const secretItems = new Set(layoutRules[email.layoutId].secret);
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(email.values)) {
    (secretItems.has(name) ? secret : plain)[name] = value;
  }
  const sealed =
    Object.keys(secret).length > 0
      ? await deps.secretBox.seal(JSON.stringify(secret), sealedTo(email.tenantId, emailId))
      : undefined;
  if (!earlier) {
    await deps.emailDeliveries.recordQueued({
      tenantId: email.tenantId,
      emailId,
      layoutId: email.layoutId,
      to: email.to,
      createdAt: now.toISOString(),
    });
  }
  await deps.outbox.enqueue({
    tenantId: email.tenantId,
    emailId,
    layoutId: email.layoutId,
    to: email.to,
    values: plain,
    ...(sealed && { sealed }),
    ...(email.serviceLayout && { serviceLayout: true as const }),
  });
  return emailId;
}
