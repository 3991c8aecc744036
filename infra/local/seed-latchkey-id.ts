import type { Deps } from "../../lib/app/deps.js";
import { consentToLatchkeyId } from "../../lib/app/identities/consent.js";
import { createIdentity } from "../../lib/app/operator/create-identity.js";
import { createTenant, createUserWithPassword } from "../../lib/app/operator/operator.js";
import { demoPassword, demoTenantId } from "./seed.js";

/** The second demo school, where the demo tenant's nominated contact also works. */
export const secondDemoTenantId = "riverside-academy";
/** The person with accounts in both demo schools, and a Latchkey ID for them (no password yet: the first sign-in sets it). */
export const demoIdentityEmail = "nc.patel@oakfield.sch.example";

/**
 * Two demo schools sharing one person (issue #12): Riverside Academy with its own site admin (`admin`, the demo
 * password) and an account for Nadia Patel with the same email as her Oakfield account; the operator's Latchkey ID
 * for that email, and both schools' admins' consent. Idempotent: a persisted table keeps it.
 */
export async function seedLatchkeyIdDemo(deps: Deps): Promise<{ email: string; tenantIds: string[] }> {
  if (!(await deps.tenants.get(secondDemoTenantId))) {
    await createTenant(deps, {
      tenantId: secondDemoTenantId,
      name: "Riverside Academy",
      environmentName: "Riverside",
    });
    const account = { tenantId: secondDemoTenantId, userType: "staff" as const, password: demoPassword };
    await createUserWithPassword(deps, {
      ...account,
      username: "admin",
      forename: "Rita",
      surname: "Banks",
      email: "admin@riverside.sch.example",
      emailVerified: true,
      roles: ["site-admin", "staff"],
    });
    await createUserWithPassword(deps, {
      ...account,
      username: "n.patel",
      forename: "Nadia",
      surname: "Patel",
      email: demoIdentityEmail,
      emailVerified: true,
      roles: ["nominated-contact", "staff"],
    });
  }
  const tenantIds = [demoTenantId, secondDemoTenantId];
  const { linked } = await createIdentity(deps, { email: demoIdentityEmail, tenantIds });
  for (const link of linked.filter((l) => !l.consented)) {
    const admin = await deps.users.findByUsername(link.tenantId, "admin");
    if (!admin) continue;
    const principal = {
      kind: "user" as const,
      tenantId: link.tenantId,
      userId: admin.userId,
      roles: admin.roles,
    };
    await consentToLatchkeyId(deps, principal, link.userId);
  }
  return { email: demoIdentityEmail, tenantIds };
}
