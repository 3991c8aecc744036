import { randomUUID } from "node:crypto";
import type { AuditAction } from "../../domain/audit.js";
import { isIdentityOwner, type Owner } from "../../domain/identity.js";
import type { Deps } from "../deps.js";

/**
 * Records an event on the owner's own history (a user event: never a tenant-wide event, so nothing is ever written
 * tenant-wide under the identity scope) and, for a Latchkey ID acting in a school, on that school's account too.
 */
export async function recordOwnerEvent(
  deps: Pick<Deps, "audit">,
  owner: Owner,
  account: { tenantId: string; userId: string } | undefined,
  event: {
    actor: string;
    action: AuditAction;
    at: Date;
    details?: Record<string, string | number | boolean>;
  },
): Promise<void> {
  const common = {
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    details: event.details ?? {},
  };
  const events = [{ ...common, tenantId: owner.tenantId, userId: owner.userId, eventId: randomUUID() }];
  if (account && isIdentityOwner(owner)) {
    events.push({ ...common, tenantId: account.tenantId, userId: account.userId, eventId: randomUUID() });
  }
  await deps.audit.recordMany(events);
}
