import { randomUUID } from "node:crypto";
import { ConflictError, ForbiddenError, NotFoundError } from "../../domain/errors.js";
import { actorOf, authorize, authorizeCredentialAction, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * A site admin disables (or enables again) another user's account (Bromcom: System Users → disable).
 * 1. A signed-in person with `users:disable` (site admins; never an API key), never on their own account (403) nor
 *    on a user with more privilege than theirs (403); a user of another school is not found (404); one who left
 *    the school cannot be disabled or enabled here (409: the roster decides).
 * 2. Written only if the user did not change since read (409 to the loser of two at once); asking for the status
 *    the user already has changes nothing and records nothing.
 * 3. Disabling takes effect on the user's next request (`authenticate` reads the status on every request) and
 *    ends every session they have, so enabling them later does not bring an old, perhaps stolen, session back.
 * 4. Audited on the tenant and on the user's history.
 * A later roster import that sends the user as active enables them again, as the school's MIS says.
 */
export async function setUserStatus(
  deps: Pick<Deps, "users" | "sessionRevocations" | "audit" | "clock">,
  principal: Principal,
  userId: string,
  status: "active" | "disabled",
): Promise<{ userId: string; status: "active" | "disabled" }> {
  authorize(principal, "users:disable");
  if (principal.kind !== "user") throw new ForbiddenError("Not allowed to users disable");
  if (principal.userId === userId) throw new ForbiddenError("You cannot disable or enable your own account");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user) throw new NotFoundError("User");
  authorizeCredentialAction(principal, user);
  if (user.status === "left") throw new ConflictError("This user has left the school: the roster decides.");
  if (user.status === status) return { userId, status };
  const now = deps.clock.now();
  if (!(await deps.users.setStatus(principal.tenantId, userId, status, user.version, now))) {
    throw new ConflictError("The user changed meanwhile: read them again and retry.");
  }
  if (status === "disabled") await deps.sessionRevocations.revokeAll(principal.tenantId, userId, now);
  const action = status === "disabled" ? ("user.disabled" as const) : ("user.enabled" as const);
  const event = { eventId: randomUUID(), at: now.toISOString(), actor: actorOf(principal), action };
  const details = { username: user.username };
  await deps.audit.recordMany([
    { tenantId: user.tenantId, ...event, details },
    { tenantId: user.tenantId, userId, ...event, details },
  ]);
  return { userId, status };
}
