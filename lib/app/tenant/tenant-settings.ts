import { maySendFrom } from "../../domain/email-sender.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { type Tenant, type TenantPreferences, timeZoneOf, twoFactorRolesOf } from "../../domain/model.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { forgetTwoFactorRoles } from "../sessions/two-factor-roles.js";

/** A tenant stored before a preference existed reads with that preference's default. */
function withDefaults(tenant: Tenant): Tenant {
  return {
    ...tenant,
    timeZone: timeZoneOf(tenant),
    preferences: { ...tenant.preferences, twoFactorRoles: twoFactorRolesOf(tenant) },
  };
}

/** The principal's tenant. */
export async function getTenant(deps: Pick<Deps, "tenants">, principal: Principal): Promise<Tenant> {
  authorize(principal, "tenant:read");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  return withDefaults(tenant);
}

/**
 * Changes the tenant's name, environment name, sender address or preferences (each preference key on its own).
 * The sender address must be on one of the deployment's verified sender domains (422 otherwise): a tenant cannot
 * send as another school's, or anybody's, domain.
 */
export async function updateTenant(
  deps: Pick<Deps, "tenants" | "clock" | "settings">,
  principal: Principal,
  patch: {
    name?: string;
    environmentName?: string;
    senderAddress?: string;
    timeZone?: string;
    preferences?: Partial<TenantPreferences>;
  },
): Promise<Tenant> {
  authorize(principal, "tenant:update");
  if (patch.preferences?.twoFactorRoles !== undefined && principal.kind !== "user") {
    throw new ForbiddenError(
      "Only a signed-in site admin changes which roles need two factors, never an API key",
    );
  }
  if (patch.senderAddress !== undefined && !maySendFrom(patch.senderAddress, deps.settings.senderDomains)) {
    const detail = `the sender must be an address on ${deps.settings.senderDomains.join(", ")}`;
    throw new ValidationError("This sender address cannot be used.", [{ pointer: "/senderAddress", detail }]);
  }
  const updated = await deps.tenants.update(principal.tenantId, patch, deps.clock.now());
  forgetTwoFactorRoles(deps, principal.tenantId);
  return withDefaults(updated);
}
