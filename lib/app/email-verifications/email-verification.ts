import { randomUUID } from "node:crypto";
import { recipientValues } from "../../domain/email-layout.js";
import { verifyLinkPolicy } from "../../domain/email-verification.js";
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyAttemptsError,
} from "../../domain/errors.js";
import type { User } from "../../domain/model.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { issueLink, type LinkJob, openLink, useLink } from "../emailed-links.js";
import { queueEmail } from "../emails/queue-email.js";

type SendDeps = Pick<
  Deps,
  "emailVerifications" | "outbox" | "emailDeliveries" | "secretBox" | "clock" | "settings"
>;

export type VerificationOutcome = "sent" | "no-email" | "already-verified" | "not-allowed" | "rate-limited";

/**
 * Emails an active user with an unverified address a link that proves it (`EMAIL_VERIFICATION`). One link at a time
 * (a newer one replaces it), five emails an hour, idempotent per (job, user) (`issueLink`). The record keeps the
 * address the link went to: the link proves that address and no other. Returns why no email went, if none did.
 */
export async function emailVerificationLink(
  deps: SendDeps,
  user: User,
  job?: LinkJob,
): Promise<VerificationOutcome> {
  if (user.status !== "active") return "not-allowed";
  if (!user.email) return "no-email";
  if (user.emailVerified) return "already-verified";
  const email = user.email;
  const kind = {
    purpose: "verify-email",
    store: deps.emailVerifications,
    validMinutes: verifyLinkPolicy.validHours * 60,
    extra: { email },
  } as const;
  const send = (token: string, emailId: string | undefined) =>
    queueEmail(deps, {
      tenantId: user.tenantId,
      layoutId: "EMAIL_VERIFICATION",
      to: email,
      values: {
        ...recipientValues(user),
        EMAIL: email,
        VERIFY_LINK: verifyPageUrl(deps.settings.publicBaseUrl, token),
        LINK_EXPIRES_HOURS: String(verifyLinkPolicy.validHours),
      },
      ...(emailId && { emailId }),
    });
  return issueLink(deps, kind, user, send, job);
}

/** The hosted confirmation page for a token (the token rides in the query; the page sends no referrer). */
export function verifyPageUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/verify-email?token=${encodeURIComponent(token)}`;
}

/** Why a request for a link sent nothing, as a 409 or 429 says it. */
function refuse(outcome: Exclude<VerificationOutcome, "sent">): never {
  switch (outcome) {
    case "no-email":
      throw new ConflictError("The user has no email address to verify.");
    case "already-verified":
      throw new ConflictError("The user's email address is already verified.");
    case "not-allowed":
      throw new ConflictError("The user is not active.");
    case "rate-limited":
      throw new TooManyAttemptsError(
        "Five verification emails went to this account in the last hour; try again later.",
        3600,
      );
  }
}

type RequestDeps = SendDeps & Pick<Deps, "users" | "audit">;

/**
 * An admin (or the MIS, with an API key) asks for a user's address to be verified: the link goes to that address,
 * and only its owner can follow it. Verifying changes no credential, so no privilege rule beyond the permission.
 */
export async function requestEmailVerification(
  deps: RequestDeps,
  principal: Principal,
  userId: string,
): Promise<{ status: "sent"; email: string }> {
  authorize(principal, "emails:send-verifications");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user || user.status === "left") throw new NotFoundError("User");
  return sendAndAudit(deps, principal, user);
}

/** A signed-in person asks for a link to their own address (any role; never an API key: it is nobody's "me"). */
export async function requestOwnEmailVerification(
  deps: RequestDeps,
  principal: Principal,
): Promise<{ status: "sent"; email: string }> {
  if (principal.kind !== "user") {
    throw new ForbiddenError(
      'Signed-in users only: an API key is nobody\'s "me" and has no address of its own',
    );
  }
  const user = await deps.users.get(principal.tenantId, principal.userId);
  if (!user) throw new NotFoundError("User");
  return sendAndAudit(deps, principal, user);
}

async function sendAndAudit(deps: RequestDeps, principal: Principal, user: User) {
  const outcome = await emailVerificationLink(deps, user);
  if (outcome !== "sent") refuse(outcome);
  await deps.audit.record({
    tenantId: user.tenantId,
    eventId: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: actorOf(principal),
    action: "email.verification-sent",
    userId: user.userId,
    details: { email: user.email as string },
  });
  return { status: "sent" as const, email: user.email as string };
}

const unusable =
  "This confirmation link has expired, was already used, or a newer one was sent. Ask for a new one.";
const changed =
  "This link was for an address the account no longer has. Ask for a link to its current address.";

/**
 * The account and address a link would verify, if it still works: current, unused, unexpired, and the address it
 * went to still the account's. Reads only: opening the page (or a mail scanner fetching it) changes nothing.
 */
export async function checkVerificationLink(
  deps: Pick<Deps, "users" | "emailVerifications" | "clock">,
  token: string,
): Promise<{ user: User; email: string }> {
  const record = await openLink(deps, deps.emailVerifications, token);
  const user = record && (await deps.users.get(record.tenantId, record.userId));
  if (!record || user?.status !== "active") throw new GoneError(unusable);
  if (user.email !== record.email) throw new GoneError(changed);
  return { user, email: user.email as string };
}

/**
 * The owner confirms: the link is used up (only one of any number of concurrent confirmations can), then the
 * address is marked verified — only if it is still the account's (a conditional write), and its identity link
 * (sign-in and reset by email) becomes verified with it. Audited as the user's own act.
 */
export async function completeEmailVerification(
  deps: Pick<Deps, "users" | "emailVerifications" | "clock" | "audit">,
  token: string,
): Promise<{ username: string; email: string }> {
  const { user, email } = await checkVerificationLink(deps, token);
  if (!(await useLink(deps, deps.emailVerifications, token))) throw new GoneError(unusable);
  if (!(await deps.users.markEmailVerified(user.tenantId, user.userId, email))) throw new GoneError(changed);
  await deps.audit.record({
    tenantId: user.tenantId,
    eventId: randomUUID(),
    at: deps.clock.now().toISOString(),
    actor: `user:${user.userId}`,
    action: "email.verified",
    userId: user.userId,
    details: { email },
  });
  return { username: user.username, email };
}
