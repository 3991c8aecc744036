import type { AuditEvent } from "../../domain/audit.js";
import type { Deps } from "../deps.js";

/** An event with the names of who did it and whom it is about, where the directory has them. */
export type NamedEvent = AuditEvent & { actorName: string; subjectName?: string };

/**
 * Names the actors (`user:<id>`, `api-key:<id>`, `latchkey-id:<email>`) and subjects of a page of the tenant's
 * events, with one batch read of the users involved (a user no longer in the directory keeps their id). The caller
 * has already authorized reading the events.
 */
export async function nameEvents(
  deps: Pick<Deps, "users">,
  tenantId: string,
  events: readonly AuditEvent[],
): Promise<NamedEvent[]> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.actor.startsWith("user:")) ids.add(e.actor.slice("user:".length));
    if (e.userId) ids.add(e.userId);
  }
  const users = ids.size ? await deps.users.getMany(tenantId, [...ids]) : [];
  const names = new Map(
    users.map((u) => [u.userId, [u.forename, u.surname].filter(Boolean).join(" ") || u.username]),
  );
  const nameOf = (userId: string) => names.get(userId) ?? `a former user (${userId})`;
  return events.map((e) => ({
    ...e,
    actorName: e.actor.startsWith("user:")
      ? nameOf(e.actor.slice("user:".length))
      : e.actor.startsWith("api-key:")
        ? `API key ${e.actor.slice("api-key:".length)}`
        : e.actor.startsWith("latchkey-id:")
          ? `Latchkey ID ${e.actor.slice("latchkey-id:".length)}`
          : e.actor,
    ...(e.userId && { subjectName: nameOf(e.userId) }),
  }));
}
