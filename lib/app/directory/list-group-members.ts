import { NotFoundError } from "../../domain/errors.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** Members of one group of the principal's tenant, paged. */
export async function listGroupMembers(
  deps: Pick<Deps, "groups" | "users">,
  principal: Principal,
  groupId: string,
  page: { limit: number; cursor?: string },
) {
  authorize(principal, "users:read");
  const group = await deps.groups.get(principal.tenantId, groupId);
  if (!group) throw new NotFoundError("Group");
  const ids = await deps.groups.memberIds(principal.tenantId, groupId, page);
  const members = await deps.users.getMany(principal.tenantId, ids.items);
  // Users who left the school vanish from lists (their memberships may outlive them until the next snapshot).
  return { group, items: members.filter((u) => u.status !== "left"), cursor: ids.cursor };
}
