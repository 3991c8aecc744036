import type { GroupType } from "../../domain/model.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** The group picker: the tenant's groups by name, searchable, filterable by type, paged. */
export async function listGroups(
  deps: Pick<Deps, "groups">,
  principal: Principal,
  query: { search?: string; type?: GroupType; limit: number; cursor?: string },
) {
  authorize(principal, "groups:read");
  return deps.groups.list(principal.tenantId, query);
}
