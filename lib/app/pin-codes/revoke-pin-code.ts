import { randomUUID } from "node:crypto";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * An admin revokes a user's PIN code: the code stops working at once and the user is no longer a PIN-code user.
 * Users already signed up with it keep their accounts.
 * 1. Authorise (`users:pin-codes`); the user must exist in the principal's tenant and hold a code (else 404).
 * 2. Delete the code, its handle and the user's mark in one transaction (409 if it was regenerated meanwhile).
 * 3. Audit `pin-code.revoked` for the tenant and on the user's history.
 */
export async function revokePinCode(
  deps: Pick<Deps, "users" | "pinCodes" | "audit" | "clock">,
  principal: Principal,
  userId: string,
) {
  authorize(principal, "users:pin-codes");
  const now = deps.clock.now();
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user) throw new NotFoundError("User");
  const code = await deps.pinCodes.get(user.tenantId, user.userId);
  if (!code) throw new NotFoundError("PIN code");
  if (!(await deps.pinCodes.revoke(user.tenantId, user.userId, code.handle))) {
    throw new ConflictError("The user's PIN code changed at the same time; try again.");
  }
  const eventId = randomUUID();
  const at = now.toISOString();
  const actor = actorOf(principal);
  const details = { username: user.username, assignedAt: code.assignedAt };
  await deps.audit.recordMany([
    { tenantId: user.tenantId, eventId, at, actor, action: "pin-code.revoked", details },
    { tenantId: user.tenantId, userId: user.userId, eventId, at, actor, action: "pin-code.revoked", details },
  ]);
}
