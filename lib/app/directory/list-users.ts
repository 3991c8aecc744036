import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** Lists the principal's tenant's users sorted by surname, optionally filtered by a search over names; users who left are not listed. */
export async function listUsers(
  deps: Pick<Deps, "users">,
  principal: Principal,
  query: { search?: string; limit: number; cursor?: string },
) {
  authorize(principal, "users:read");
  return deps.users.list(principal.tenantId, query);
}
