import { describe, expect, it } from "vitest";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import { getTenant, updateTenant } from "../../../../lib/app/tenant/tenant-settings.js";
import { AuthenticatorRequiredError, ForbiddenError } from "../../../../lib/domain/errors.js";
import type { AuthMethod } from "../../../../lib/domain/identity.js";
import type { Role } from "../../../../lib/domain/model.js";
import { authorize } from "../../../../lib/domain/permissions.js";
import { apiKeyPrincipal, aUser, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

async function world(twoFactorRoles?: Role[]) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId, ...(twoFactorRoles && { preferences: { twoFactorRoles } as never }) });
  const signedIn = async (roles: Role[], amr: AuthMethod[] = ["pwd"]) => {
    const user = aUser({ tenantId, roles });
    await deps.users.create(user);
    const { token } = await deps.sessions.issue(
      { tenantId, userId: user.userId, roles, amr },
      deps.clock.now(),
    );
    return (await authenticate(deps, { bearer: token })).principal;
  };
  return { deps, tenantId, signedIn };
}

describe("the basic-access gate", () => {
  it("withholds the reserved roles from a session without a second factor, with its own 403", async () => {
    const { signedIn } = await world();
    const principal = await signedIn(["site-admin", "staff"]);
    expect(principal).toMatchObject({ roles: ["staff"], withheldRoles: ["site-admin"], secondFactor: false });
    expect(() => authorize(principal, "users:read")).toThrow(AuthenticatorRequiredError);
    try {
      authorize(principal, "users:read");
    } catch (error) {
      expect(error).toMatchObject({ code: "authenticator-required" });
      expect((error as Error).message).toMatch(
        /authenticator is required.*\/security-keys.*POST \/v1\/me\/authenticators/,
      );
    }
    // Basic access stays: what the other roles allow.
    expect(() => authorize(principal, "tenant:read")).not.toThrow();
  });

  it("refuses with a plain 403 what the withheld roles would not allow either", async () => {
    const { signedIn } = await world();
    const principal = await signedIn(["nominated-contact"]);
    expect(() => authorize(principal, "api-keys:manage")).toThrow(ForbiddenError);
    expect(() => authorize(principal, "api-keys:manage")).not.toThrow(AuthenticatorRequiredError);
  });

  it("gives full access to a session with a code or a recovery code", async () => {
    const { signedIn } = await world();
    for (const amr of [
      ["pwd", "otp"],
      ["pwd", "recovery"],
    ] as AuthMethod[][]) {
      const principal = await signedIn(["headteacher"], amr);
      expect(principal).toMatchObject({ roles: ["headteacher"], secondFactor: true });
      expect(() => authorize(principal, "early-years:declare")).not.toThrow();
    }
  });

  it("follows the tenant's setting: roles it does not list need no second factor, roles it lists do", async () => {
    const none = await world([]);
    expect(await none.signedIn(["site-admin"])).toMatchObject({ roles: ["site-admin"] });
    const teachers = await world(["class-teacher"]);
    expect(await teachers.signedIn(["class-teacher", "staff"])).toMatchObject({
      roles: ["staff"],
      withheldRoles: ["class-teacher"],
    });
    expect(await teachers.signedIn(["site-admin"])).toMatchObject({ roles: ["site-admin"] });
  });

  it("lets a signed-in site admin with two factors change the setting, seen at once; never an API key", async () => {
    const { deps, tenantId, signedIn } = await world();
    const admin = await signedIn(["site-admin"], ["pwd", "otp"]);
    expect((await getTenant(deps, admin)).preferences.twoFactorRoles).toEqual([
      "site-admin",
      "headteacher",
      "nominated-contact",
    ]);
    await expect(
      updateTenant(deps, apiKeyPrincipal(tenantId), { preferences: { twoFactorRoles: [] } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const basic = await signedIn(["site-admin"]);
    await expect(updateTenant(deps, basic, { preferences: { twoFactorRoles: [] } })).rejects.toBeInstanceOf(
      AuthenticatorRequiredError,
    );
    await updateTenant(deps, admin, { preferences: { twoFactorRoles: ["site-admin"] } });
    expect(await signedIn(["headteacher"])).toMatchObject({ roles: ["headteacher"] });
    expect(await signedIn(["site-admin"])).toMatchObject({ roles: [], withheldRoles: ["site-admin"] });
  });
});
