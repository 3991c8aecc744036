import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { normaliseEmail } from "../../domain/model.js";
import { actorOf, authorize, authorizeCredentialAction, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { identityActor, recordIdentityEvent } from "./identity-events.js";

type ConsentDeps = Pick<Deps, "users" | "identities" | "audit" | "clock">;

/** What the school's consent for one account now is. */
export type LatchkeyIdConsent = { userId: string; email: string; consented: boolean };

/**
 * The school consents that one of its accounts is reached by the Latchkey ID of the account's email
 * (`PUT /v1/users/{userId}/latchkey-id`).
 * 1. A signed-in site admin only (`identities:consent`; never an API key), never over a user with more privilege.
 * 2. The account must exist in the caller's school and have an email.
 * 3. The link gets the consent (created if missing), while the account's email is still the one read; idempotent:
 *    consenting again (or twice at once) changes nothing and is audited once.
 * 4. Audited in the school and on the identity's history. It is a membership only once the person proved the email.
 */
export async function consentToLatchkeyId(
  deps: ConsentDeps,
  principal: Principal,
  userId: string,
): Promise<LatchkeyIdConsent> {
  const user = await consentTarget(deps, principal, userId);
  const email = normaliseEmail(user.email);
  const now = deps.clock.now();
  const outcome = await deps.identities.consent(
    email,
    { tenantId: user.tenantId, userId, accountEmail: user.email, verified: user.emailVerified },
    actorOf(principal),
    now,
  );
  if (outcome === "email-changed")
    throw new ConflictError("The account's email changed meanwhile; try again");
  if (outcome === "consented") {
    await recordIdentityEvent(deps, {
      action: "latchkey-id.consented",
      actor: actorOf(principal),
      email,
      at: now,
      accounts: [{ tenantId: user.tenantId, userId }],
    });
  }
  return { userId, email, consented: true };
}

/**
 * The school withdraws its consent (`DELETE /v1/users/{userId}/latchkey-id`): the same checks; audited once. The
 * account's sessions end too, so a Latchkey ID session already in the school does not outlive the consent (the
 * person signs in again with the school account's own password, if it has one).
 */
export async function withdrawLatchkeyIdConsent(
  deps: ConsentDeps & Pick<Deps, "sessionRevocations">,
  principal: Principal,
  userId: string,
): Promise<LatchkeyIdConsent> {
  const user = await consentTarget(deps, principal, userId);
  const email = normaliseEmail(user.email);
  const now = deps.clock.now();
  if (await deps.identities.withdrawConsent(email, user.tenantId, userId)) {
    await deps.sessionRevocations.revokeAll(user.tenantId, userId, now);
    await recordIdentityEvent(deps, {
      action: "latchkey-id.unlinked",
      actor: actorOf(principal),
      email,
      at: now,
      accounts: [{ tenantId: user.tenantId, userId }],
      details: { by: "school" },
    });
  }
  return { userId, email, consented: false };
}

async function consentTarget(deps: Pick<Deps, "users">, principal: Principal, userId: string) {
  authorize(principal, "identities:consent");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user || user.status === "left") throw new NotFoundError("User");
  authorizeCredentialAction(principal, user);
  const { email } = user;
  if (!email) {
    throw new ValidationError("The account has no email: a Latchkey ID is reached by the account's email", [
      { pointer: "/userId", detail: "has no email" },
    ]);
  }
  return { ...user, email };
}

/**
 * The person leaves one school (`DELETE /v1/me/memberships/{tenantId}`), from a Latchkey ID session only: the
 * school's consent on that link is withdrawn (the school must consent again to restore it) and the account's
 * sessions there end. Audited in that school and on the identity's history. A school with no consented link is not
 * found.
 */
export async function leaveMembership(
  deps: Pick<Deps, "identities" | "audit" | "clock" | "sessionRevocations">,
  principal: Principal,
  tenantId: string,
): Promise<void> {
  if (principal.kind !== "user" || !principal.identity) {
    throw new ForbiddenError("Only a Latchkey ID session can leave a school's membership");
  }
  const email = principal.identity;
  const link = (await deps.identities.links(email)).find((l) => l.tenantId === tenantId && l.consentedAt);
  if (!link || !(await deps.identities.withdrawConsent(email, link.tenantId, link.userId))) {
    throw new NotFoundError("Membership");
  }
  const now = deps.clock.now();
  await deps.sessionRevocations.revokeAll(link.tenantId, link.userId, now);
  await recordIdentityEvent(deps, {
    action: "latchkey-id.unlinked",
    actor: identityActor(email),
    email,
    at: now,
    accounts: [{ tenantId: link.tenantId, userId: link.userId }],
    details: { by: "person" },
  });
}
