import { NotFoundError } from "../../domain/errors.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * One user of the principal's tenant with the groups they belong to and the classes they teach.
 * A user of another tenant is simply not found.
 */
export async function getUser(deps: Pick<Deps, "users" | "groups">, principal: Principal, userId: string) {
  if (!(principal.kind === "user" && principal.userId === userId)) authorize(principal, "users:read");
  const user = await deps.users.get(principal.tenantId, userId);
  if (!user) throw new NotFoundError("User");
  const [memberOf, teaches] = await Promise.all([
    deps.groups.groupsOf(principal.tenantId, userId),
    deps.groups.groupsTaughtBy(principal.tenantId, userId),
  ]);
  return { ...user, memberOf, teaches };
}
