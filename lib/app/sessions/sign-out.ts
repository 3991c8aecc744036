import { randomUUID } from "node:crypto";
import { ForbiddenError, NotFoundError } from "../../domain/errors.js";
import { identityOwner } from "../../domain/identity.js";
import { actorOf, authorize, authorizeCredentialAction, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * Signs out the session the request came with: that token fails from the next request on. Signing out of a
 * Latchkey ID signs the person out of it everywhere: every session it signed in before, in every school.
 */
export async function signOut(
  deps: Pick<Deps, "sessionRevocations" | "clock">,
  principal: Principal,
): Promise<void> {
  if (principal.kind !== "user" || !principal.session)
    throw new ForbiddenError("Only a signed-in session can be signed out");
  const { sessionId, expiresAt } = principal.session;
  await deps.sessionRevocations.revokeSession(
    principal.tenantId,
    principal.userId,
    sessionId,
    new Date(expiresAt),
  );
  if (principal.identity) {
    const owner = identityOwner(principal.identity);
    await deps.sessionRevocations.revokeAll(owner.tenantId, owner.userId, deps.clock.now());
  }
}

/**
 * Ends every session of a user of the caller's tenant (a lost device, a leaver): people with `sessions:revoke`
 * only — an API key may not, so a leaked key cannot sign staff out; the roster ends a leaver's sessions by their
 * status instead. Never on a user with more privilege than the caller. Another tenant's user is not found.
 */
export async function revokeUserSessions(
  deps: Pick<Deps, "users" | "sessionRevocations" | "audit" | "clock">,
  principal: Principal,
  userId: string,
): Promise<void> {
  authorize(principal, "sessions:revoke");
  if (principal.kind !== "user") throw new ForbiddenError("Not allowed to sessions revoke");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user) throw new NotFoundError("User");
  // The same rule as for credentials: never over a user whose roles allow something the caller's do not.
  authorizeCredentialAction(principal, user);
  const now = deps.clock.now();
  await deps.sessionRevocations.revokeAll(principal.tenantId, userId, now);
  const event = { eventId: randomUUID(), at: now.toISOString(), actor: actorOf(principal) };
  const details = { username: user.username };
  await deps.audit.recordMany([
    { tenantId: user.tenantId, ...event, action: "sessions.revoked", details },
    { tenantId: user.tenantId, userId, ...event, action: "sessions.revoked", details },
  ]);
}
