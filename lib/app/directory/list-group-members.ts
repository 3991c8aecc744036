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
  return { group, items: await deps.users.getMany(principal.tenantId, ids.items), cursor: ids.cursor };
}
