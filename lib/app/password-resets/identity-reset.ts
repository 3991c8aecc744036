import { recipientValues } from "../../domain/email-layout.js";
import { GoneError } from "../../domain/errors.js";
import { identityOwner, identityScope } from "../../domain/identity.js";
import { parseLinkToken } from "../../domain/link-token.js";
import { resetLinkPolicy } from "../../domain/password-reset.js";
import { assertAcceptablePassword, normalisePassword } from "../../domain/password-rules.js";
import type { Deps } from "../deps.js";
import { issueLink, openLink, useLink } from "../emailed-links.js";
import { queueEmail } from "../emails/queue-email.js";
import { identityActor, recordIdentityEvent } from "../identities/identity-events.js";

/** Whether a reset link's token names a Latchkey ID (its link lives at `ID#<email>`/RESET) rather than an account. */
export function namesIdentity(token: string): boolean {
  return parseLinkToken(token)?.tenantId === identityScope;
}

type RequestDeps = Pick<
  Deps,
  | "identities"
  | "users"
  | "passwordResets"
  | "outbox"
  | "emailDeliveries"
  | "secretBox"
  | "clock"
  | "settings"
>;

/**
 * "Forgotten your password or using it for the first time?" with the Latchkey ID chosen as the provider.
 * 1. The login is the email; only an identity that exists and that at least one school consented to gets a link.
 * 2. The link is the identity owner's (`issueLink`: one at a time, five emails an hour, stored as SHA-256).
 * 3. The email goes out in the service's own layout and from its own sender (`serviceLayout`), never a school's: a
 *    school's saved layout could carry the link to the person's one password for every school to a site of its
 *    choosing. It names the school the person asked from when it consented, else the first that did.
 * The caller (`requestPasswordReset`) answers the same in every case, after the same floor and rate limits.
 */
export async function requestIdentityReset(
  deps: RequestDeps,
  input: { tenantId: string; email: string },
  resetPageUrl: (token: string) => string,
): Promise<void> {
  const owner = identityOwner(input.email.trim());
  const identity = await deps.identities.get(owner.userId);
  if (!identity) return;
  const consented = (await deps.identities.links(owner.userId)).filter((l) => l.consentedAt);
  const link = consented.find((l) => l.tenantId === input.tenantId) ?? consented[0];
  const account = link && (await deps.users.get(link.tenantId, link.userId));
  if (!link || !account) return;
  const kind = {
    purpose: "reset-link",
    store: deps.passwordResets,
    validMinutes: resetLinkPolicy.validMinutes,
    extra: {},
  } as const;
  await issueLink(deps, kind, owner, (token, emailId) =>
    queueEmail(deps, {
      tenantId: link.tenantId,
      layoutId: "PASSWORD_EMAIL_CHANGE",
      to: identity.email,
      values: {
        ...recipientValues(account),
        RESET_LINK: resetPageUrl(token),
        LINK_EXPIRES_MINUTES: String(resetLinkPolicy.validMinutes),
      },
      ...(emailId && { emailId }),
      serviceLayout: true,
    }),
  );
}

const unusable = "This link has expired or was already used. Ask for a new one.";

/** The identity a link would set the password of, if the link still works. Reads only. */
export async function checkIdentityResetLink(
  deps: Pick<Deps, "identities" | "passwordResets" | "clock">,
  token: string,
): Promise<{ email: string }> {
  const record = await openLink(deps, deps.passwordResets, token);
  const identity = record?.tenantId === identityScope && (await deps.identities.get(record.userId));
  if (!identity) throw new GoneError(unusable);
  return { email: identity.email };
}

/**
 * Sets a Latchkey ID's password through its emailed link (also the first sign-in's "set your password").
 * 1. The link must still work and the password pass the rules (a refused password leaves the link usable).
 * 2. Use the link up (only one request can), store the peppered argon2id hash for the identity owner, clear its
 *    lockout, and record that the person proved the email (`emailProvenAt`: the memberships can now be active).
 * 3. End the sessions of every account the identity reaches (a Latchkey ID session is one of theirs; the tokens
 *    cannot be told apart by a revocation), as a school account's reset ends its sessions.
 * 4. Audited on the identity's history. Nobody is signed in: the person signs in with the new password.
 */
export async function completeIdentityPasswordReset(
  deps: Pick<
    Deps,
    "identities" | "passwordResets" | "credentials" | "hasher" | "audit" | "clock" | "sessionRevocations"
  >,
  input: { token: string; newPassword: string },
): Promise<{ tenantId: string; username: string }> {
  const { email } = await checkIdentityResetLink(deps, input.token);
  assertAcceptablePassword(input.newPassword, "newPassword", { username: email });
  if (!(await useLink(deps, deps.passwordResets, input.token))) throw new GoneError(unusable);
  const now = deps.clock.now();
  const owner = identityOwner(email);
  const hash = await deps.hasher.hash(normalisePassword(input.newPassword));
  await deps.credentials.setPassword(owner.tenantId, owner.userId, hash, now);
  await deps.identities.markEmailProven(email, now);
  const consented = (await deps.identities.links(email)).filter((l) => l.consentedAt);
  await Promise.all(consented.map((l) => deps.sessionRevocations.revokeAll(l.tenantId, l.userId, now)));
  await deps.sessionRevocations.revokeAll(owner.tenantId, owner.userId, now);
  await recordIdentityEvent(deps, {
    action: "latchkey-id.password-set",
    actor: identityActor(email),
    email,
    at: now,
  });
  return { tenantId: identityScope, username: email };
}
