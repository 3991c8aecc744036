import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";

/**
 * Each user's class (the names of the groups of type "class" they are a member of, joined): what a printed slip
 * says beside the group that selected them (SIMS ID prints the class on every slip). Users in no class are absent.
 * Each group is read once, however many of the users are in it.
 */
export async function classNamesOf(
  deps: Pick<Deps, "groups">,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const groups = new Map<string, ReturnType<Deps["groups"]["get"]>>();
  const group = (groupId: string) => {
    let read = groups.get(groupId);
    if (!read) {
      read = deps.groups.get(tenantId, groupId);
      groups.set(groupId, read);
    }
    return read;
  };
  const names = new Map<string, string>();
  await mapLimit(userIds, 16, async (userId) => {
    const ids = await deps.groups.groupsOf(tenantId, userId);
    const classes = (await Promise.all(ids.map(group)))
      .flatMap((g) => (g?.type === "class" ? [g.name] : []))
      .sort((a, b) => a.localeCompare(b, "en-GB", { numeric: true }));
    if (classes.length > 0) names.set(userId, classes.join(", "));
  });
  return names;
}
