import { type Role, twoFactorRolesOf } from "../../domain/model.js";
import type { Principal } from "../../domain/permissions.js";
import { cachePerPort } from "../cache.js";
import type { Deps } from "../deps.js";

/**
 * A tenant's roles that need two factors, read through the tenant port's cache (a minute): the check runs on every
 * request of a session without a second factor, and must not cost a read each time. A change through this
 * execution environment's port is seen at once (`forgetTwoFactorRoles`); other warm environments see it within
 * the minute.
 */
const cache = cachePerPort<Role[]>({ maxEntries: 100, ttlMs: 60_000 });

export async function twoFactorRoles(
  deps: Pick<Deps, "tenants" | "clock">,
  tenantId: string,
): Promise<Role[]> {
  return cache(deps.tenants).get(deps.clock, tenantId, async () =>
    twoFactorRolesOf(await deps.tenants.get(tenantId)),
  );
}

export function forgetTwoFactorRoles(deps: Pick<Deps, "tenants">, tenantId: string): void {
  cache(deps.tenants).delete(tenantId);
}

/**
 * The basic-access gate: a session without a second factor does not get the roles its tenant reserves for two
 * factors; they are kept aside as `withheldRoles`, so a refusal they alone would have prevented says an
 * authenticator is required. A session with a second factor, or a user without such roles, costs no read.
 */
export async function gateRoles(
  deps: Pick<Deps, "tenants" | "clock">,
  tenantId: string,
  roles: readonly Role[],
  secondFactor: boolean,
): Promise<Pick<Extract<Principal, { kind: "user" }>, "roles" | "withheldRoles">> {
  if (secondFactor || roles.length === 0) return { roles };
  const reserved = await twoFactorRoles(deps, tenantId);
  const withheld = roles.filter((role) => reserved.includes(role));
  if (withheld.length === 0) return { roles };
  return { roles: roles.filter((role) => !reserved.includes(role)), withheldRoles: withheld };
}
