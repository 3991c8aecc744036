import { randomUUID } from "node:crypto";
import type { AuditAction } from "../../domain/audit.js";
import { identityOwner } from "../../domain/identity.js";
import type { Deps } from "../deps.js";

/**
 * Records one Latchkey ID action where each side sees it: in the school's audit log (a tenant event and one on the
 * account's history, without the person's other schools) and on the identity's own history (user events of the
 * identity owner, `ID#<email>`, with all of it). Never a tenant-wide event under the identity scope.
 */
export async function recordIdentityEvent(
  deps: Pick<Deps, "audit">,
  event: {
    action: AuditAction;
    actor: string;
    email: string;
    at: Date;
    /** The schools and accounts concerned; none for an event of the identity alone. */
    accounts?: readonly { tenantId: string; userId: string }[];
    details?: Record<string, string | number | boolean | string[]>;
  },
): Promise<void> {
  const owner = identityOwner(event.email);
  const common = {
    eventId: randomUUID(),
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
  };
  const accounts = event.accounts ?? [];
  const details = {
    ...event.details,
    ...(accounts.length > 0 && { tenantIds: accounts.map((a) => a.tenantId) }),
  };
  await deps.audit.recordMany([
    { ...common, tenantId: owner.tenantId, userId: owner.userId, details },
    ...accounts.flatMap((account) => {
      const own = schoolSide(event.details, account.tenantId);
      return [
        { ...common, tenantId: account.tenantId, details: { ...own, userId: account.userId } },
        { ...common, tenantId: account.tenantId, userId: account.userId, details: own },
      ];
    }),
  ]);
}

/**
 * What a school's own log keeps of an identity event: never which other schools the person belongs to (a switch
 * says only whether the person came in or went out).
 */
function schoolSide(
  details: Record<string, string | number | boolean | string[]> | undefined,
  tenantId: string,
) {
  const { from, to, tenantIds: _others, ...rest } = details ?? {};
  if (from === undefined && to === undefined) return rest;
  return { ...rest, direction: to === tenantId ? "in" : "out" };
}

/** The actor of what a person does with their Latchkey ID. */
export const identityActor = (email: string) => `latchkey-id:${email}`;
