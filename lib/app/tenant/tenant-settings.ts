import { NotFoundError } from "../../domain/errors.js";
import type { Tenant, TenantPreferences } from "../../domain/model.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/** The principal's tenant. */
export async function getTenant(deps: Pick<Deps, "tenants">, principal: Principal): Promise<Tenant> {
  authorize(principal, "tenant:read");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  return tenant;
}

/** Changes the tenant's name, environment name or preferences (each preference key on its own). */
export async function updateTenant(
  deps: Pick<Deps, "tenants" | "clock">,
  principal: Principal,
  patch: {
    name?: string;
    environmentName?: string;
    senderAddress?: string;
    preferences?: Partial<TenantPreferences>;
  },
): Promise<Tenant> {
  authorize(principal, "tenant:update");
  return deps.tenants.update(principal.tenantId, patch, deps.clock.now());
}
