import { randomUUID } from "node:crypto";
import { recipientValues } from "../../domain/email-layout.js";
import { GoneError } from "../../domain/errors.js";
import { normaliseEmail, type User } from "../../domain/model.js";
import { resetLinkPolicy } from "../../domain/password-reset.js";
import { assertAcceptablePassword, normalisePassword } from "../../domain/password-rules.js";
import { resetRequestLimits } from "../../domain/rate-limits.js";
import { waitForFloor } from "../answer-floor.js";
import type { Deps } from "../deps.js";
import { issueLink, type LinkJob, openLink, useLink } from "../emailed-links.js";
import { queuePasswordChangedNotice } from "../emails/notices.js";
import { queueEmail } from "../emails/queue-email.js";
import { reserveSourceAttempt } from "../source-limits.js";
import {
  checkIdentityResetLink,
  completeIdentityPasswordReset,
  namesIdentity,
  requestIdentityReset,
} from "./identity-reset.js";

/**
 * Every reset request is answered no sooner than this after it arrived, whatever happened: finding nobody takes
 * one or two reads, emailing a link takes several writes, a seal and a queue message.
 */
export const resetRequestFloorMs = 600;

type RequestDeps = Pick<
  Deps,
  "tenants" | "users" | "passwordResets" | "outbox" | "emailDeliveries" | "secretBox" | "clock" | "settings"
>;

/** The self-service request also counts requests per source and per tenant, and may be for a Latchkey ID. */
type SelfServiceDeps = RequestDeps & Pick<Deps, "sourceAttempts" | "identities">;

/** Whose password is forgotten: a school account (username or email) or a Latchkey ID (its email). */
export type ResetProvider = "school" | "latchkey-id";

/**
 * "Forgot password": someone asks for a reset link by username or email.
 * 1. Find the account: by username, or by an email linked to an account of the tenant.
 * 2. Only an active account with a verified email, in a tenant that allows reset by email, gets a link; and only
 *    while it had fewer than five reset emails in the last hour.
 * 3. A new link replaces the account's current one (which stops working); the token is stored only as SHA-256.
 * 4. The link goes out in `PASSWORD_EMAIL_CHANGE`, pointing at the service's page under the configured base URL.
 * Nothing about the account itself changes. The caller always gets the same answer, no sooner than
 * `resetRequestFloorMs`, so it cannot tell whether an account exists, has an email, or got one.
 * Before all that, every request to a known tenant — whether or not an account matches — is counted for the
 * source and the tenant (`resetRequestLimits`): a full window is 429 with Retry-After and looks at no account.
 * Because the count never depends on the account, a 429 tells nothing about one; the per-account five emails an
 * hour stay silent (the same 202), since that limit is about an account.
 * With `provider: "latchkey-id"` the login is the email of a Latchkey ID (`requestIdentityReset`): the same limits,
 * floor and answer.
 */
export async function requestPasswordReset(
  deps: SelfServiceDeps,
  input: { tenantId: string; login: string; sourceIp: string; provider?: ResetProvider },
): Promise<void> {
  const started = deps.clock.now();
  const tenant = await deps.tenants.get(input.tenantId);
  if (tenant) await reserveSourceAttempt(deps, tenant.tenantId, input.sourceIp, resetRequestLimits, started);
  try {
    if (input.provider === "latchkey-id") {
      const pageUrl = (token: string) => resetPageUrl(deps.settings.publicBaseUrl, token);
      if (tenant)
        await requestIdentityReset(deps, { tenantId: tenant.tenantId, email: input.login }, pageUrl);
      return;
    }
    const user = await findAccount(deps, input);
    if (user) await emailResetLink(deps, user, { respectTenantPreference: true });
  } finally {
    await waitForFloor(deps.clock, started, resetRequestFloorMs);
  }
}

async function findAccount(deps: Pick<Deps, "users">, input: { tenantId: string; login: string }) {
  const login = input.login.trim();
  if (!login.includes("@")) return deps.users.findByUsername(input.tenantId, login);
  const links = await deps.users.identityLinks(normaliseEmail(login));
  const link = links.find((l) => l.tenantId === input.tenantId && l.verified);
  return link && deps.users.get(link.tenantId, link.userId);
}

export type ResetEmailOutcome = "sent" | "no-verified-email" | "not-allowed" | "rate-limited";

/** The bulk job that emails a link: its id and start, and its key (the links it issues derive from it). */
export type ResetEmailJob = LinkJob;

/**
 * Issues a new reset link for an active user with a verified email (in a tenant that allows reset by email, when
 * asked to respect that) and queues the email (`issueLink`: one link at a time, five emails an hour, idempotent per
 * (job, user)). Returns why no email went, if none did.
 */
export async function emailResetLink(
  deps: RequestDeps,
  user: User,
  options: { respectTenantPreference: boolean; job?: ResetEmailJob },
): Promise<ResetEmailOutcome> {
  if (user.status !== "active") return "not-allowed";
  if (!user.email || !user.emailVerified) return "no-verified-email";
  if (options.respectTenantPreference) {
    const tenant = await deps.tenants.get(user.tenantId);
    if (!tenant?.preferences.allowPasswordResetByEmail) return "not-allowed";
  }
  const kind = {
    purpose: "reset-link",
    store: deps.passwordResets,
    validMinutes: resetLinkPolicy.validMinutes,
    extra: {},
  } as const;
  return issueLink(
    deps,
    kind,
    user,
    (token, emailId) => queueResetEmail(deps, user, token, emailId),
    options.job,
  );
}

function queueResetEmail(deps: RequestDeps, user: User, token: string, emailId: string | undefined) {
  return queueEmail(deps, {
    tenantId: user.tenantId,
    layoutId: "PASSWORD_EMAIL_CHANGE",
    to: user.email as string,
    values: {
      ...recipientValues(user),
      RESET_LINK: resetPageUrl(deps.settings.publicBaseUrl, token),
      LINK_EXPIRES_MINUTES: String(resetLinkPolicy.validMinutes),
    },
    ...(emailId && { emailId }),
  });
}

/** The hosted reset page for a token (the token rides in the query; the page sends no referrer). */
export function resetPageUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

/** Why a link does not work, in words the page shows. */
const unusable = "This reset link has expired or was already used. Ask for a new one.";

/**
 * The account a link would reset, if the link still works (current, unused, unexpired). Reads only: opening the
 * page changes nothing.
 */
export async function checkResetLink(
  deps: Pick<Deps, "users" | "passwordResets" | "clock">,
  token: string,
): Promise<User> {
  const record = await openLink(deps, deps.passwordResets, token);
  const user = record && (await deps.users.get(record.tenantId, record.userId));
  if (user?.status !== "active") throw new GoneError(unusable);
  return user;
}

/** Who a link would set the password of, for its page: a school account's username or a Latchkey ID's email. */
export async function resetLinkLogin(
  deps: Pick<Deps, "users" | "identities" | "passwordResets" | "clock">,
  token: string,
): Promise<string> {
  if (namesIdentity(token)) return (await checkIdentityResetLink(deps, token)).email;
  return (await checkResetLink(deps, token)).username;
}

type CompleteDeps = Pick<
  Deps,
  | "users"
  | "identities"
  | "passwordResets"
  | "credentials"
  | "hasher"
  | "sessionRevocations"
  | "temporaryPasswords"
  | "audit"
  | "outbox"
  | "emailDeliveries"
  | "secretBox"
  | "clock"
>;

/**
 * Sets a new password through a reset link.
 * 1. The link must still work (`checkResetLink`), and the password pass the rules; a refused password leaves
 *    the link usable.
 * 2. Use the link up (only one request can), then store the new peppered argon2id hash, delete any temporary
 *    password (so a new-password challenge issued before cannot overwrite it), clear any lockout, and mark the
 *    account claimed.
 * 3. End every session of the user; the user is not signed in — they sign in with the new password.
 * 4. Audit, and email a "your password was changed" notice (no secret in it).
 */
export async function completePasswordReset(
  deps: CompleteDeps,
  input: { token: string; newPassword: string },
): Promise<{ tenantId: string; username: string }> {
  if (namesIdentity(input.token)) return completeIdentityPasswordReset(deps, input);
  const user = await checkResetLink(deps, input.token);
  assertAcceptablePassword(input.newPassword, "newPassword", { username: user.username });
  const now = deps.clock.now();
  if (!(await useLink(deps, deps.passwordResets, input.token))) throw new GoneError(unusable);
  const hash = await deps.hasher.hash(normalisePassword(input.newPassword));
  // One transaction: the new password, no temporary one left (its open challenges die with it), claimed.
  await deps.temporaryPasswords.replaceWithOwnPassword(user.tenantId, user.userId, hash, now);
  await deps.sessionRevocations.revokeAll(user.tenantId, user.userId, now);
  await deps.audit.record({
    tenantId: user.tenantId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: `user:${user.userId}`,
    action: "password.reset-by-email",
    userId: user.userId,
    details: { sessionsRevoked: true },
  });
  if (user.email) await queuePasswordChangedNotice(deps, user, user.email, now);
  return { tenantId: user.tenantId, username: user.username };
}
