import type { AuditEvent } from "../../domain/audit.js";
import type { Deps } from "../deps.js";

/** An event with the names of who did it and whom it is about, where the directory has them. */
export type NamedEvent = AuditEvent & { actorName: string; subjectId?: string; subjectName?: string };

/** Whom an event is about: its user, or the user a tenant-wide copy names in its details. */
const subjectOf = (e: AuditEvent) =>
  e.userId ?? (typeof e.details.userId === "string" ? e.details.userId : undefined);

const userPrefix = "user:";

/**
 * Names actors (`user:<id>`, `api-key:<id>`, `latchkey-id:<email>`) and users (by id) of the tenant with one batch
 * read of the users involved; a user no longer in the directory keeps their id. The caller has already authorized
 * reading what it names.
 */
export async function nameActors(
  deps: Pick<Deps, "users">,
  tenantId: string,
  actors: readonly string[],
  userIds: readonly string[] = [],
): Promise<{ actor: (actor: string) => string; user: (userId: string) => string }> {
  const ids = new Set(userIds);
  for (const a of actors) if (a.startsWith(userPrefix)) ids.add(a.slice(userPrefix.length));
  const users = ids.size ? await deps.users.getMany(tenantId, [...ids]) : [];
  const names = new Map(
    users.map((u) => [u.userId, [u.forename, u.surname].filter(Boolean).join(" ") || u.username]),
  );
  const user = (userId: string) => names.get(userId) ?? `a former user (${userId})`;
  const actor = (a: string) =>
    a.startsWith(userPrefix)
      ? user(a.slice(userPrefix.length))
      : a.startsWith("api-key:")
        ? `API key ${a.slice("api-key:".length)}`
        : a.startsWith("latchkey-id:")
          ? `Latchkey ID ${a.slice("latchkey-id:".length)}`
          : a;
  return { actor, user };
}

/** A page of the tenant's events with their actors' and subjects' names (`nameActors`). */
export async function nameEvents(
  deps: Pick<Deps, "users">,
  tenantId: string,
  events: readonly AuditEvent[],
): Promise<NamedEvent[]> {
  const names = await nameActors(
    deps,
    tenantId,
    events.map((e) => e.actor),
    events.flatMap((e) => subjectOf(e) ?? []),
  );
  return events.map((e) => {
    const subjectId = subjectOf(e);
    return {
      ...e,
      actorName: names.actor(e.actor),
      ...(subjectId && { subjectId, subjectName: names.user(subjectId) }),
    };
  });
}
