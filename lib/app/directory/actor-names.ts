import type { User } from "../../domain/model.js";
import type { Deps } from "../deps.js";

/**
 * The people behind `user:<id>` actors, as "Forename Surname" (the same school only); an API key is "the school's
 * system (API key)"; an unknown or removed user keeps no name (the id is shown instead).
 */
export async function actorNames(
  deps: Pick<Deps, "users">,
  tenantId: string,
  actors: readonly string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith("user:")).map((a) => a.slice(5)))];
  const users: User[] = ids.length > 0 ? await deps.users.getMany(tenantId, ids) : [];
  const names = new Map<string, string>(users.map((u) => [`user:${u.userId}`, `${u.forename} ${u.surname}`]));
  for (const actor of actors) {
    if (actor.startsWith("api-key:")) names.set(actor, "The school's system (API key)");
  }
  return names;
}
