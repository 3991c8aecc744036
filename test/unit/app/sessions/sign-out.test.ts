import { describe, expect, it } from "vitest";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import { revokeUserSessions, signOut } from "../../../../lib/app/sessions/sign-out.js";
import { AuthenticationError, ForbiddenError, NotFoundError } from "../../../../lib/domain/errors.js";
import type { Role } from "../../../../lib/domain/model.js";
import { apiKeyPrincipal, aUser } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

const tenantId = "acme";

async function world() {
  const deps = fakeDeps();
  const signedIn = async (roles: Role[], tenant = tenantId) => {
    const user = aUser({ tenantId: tenant, roles });
    await deps.users.create(user);
    // Signed in with two factors: full access whatever roles the tenant reserves for them.
    const { token } = await deps.sessions.issue(
      { tenantId: tenant, userId: user.userId, roles, amr: ["pwd", "otp"] },
      deps.clock.now(),
    );
    const { principal } = await authenticate(deps, { bearer: token });
    return { user, token, principal };
  };
  return { deps, signedIn };
}

describe("signOut", () => {
  it("ends the session it came with, not the user's other sessions", async () => {
    const { deps, signedIn } = await world();
    const { user, token, principal } = await signedIn(["staff"]);
    const { token: other } = await deps.sessions.issue(
      { tenantId, userId: user.userId, roles: ["staff"] },
      deps.clock.now(),
    );
    await signOut(deps, principal);
    await expect(authenticate(deps, { bearer: token })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticate(deps, { bearer: other })).resolves.toBeDefined();
  });

  it("is not for an API key", async () => {
    const { deps } = await world();
    await expect(signOut(deps, apiKeyPrincipal(tenantId))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("revokeUserSessions", () => {
  it("lets a site admin end a staff member's sessions, and records who did it", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const staff = await signedIn(["staff"]);
    await deps.clock.sleep(1);
    await revokeUserSessions(deps, admin.principal, staff.user.userId);
    await expect(authenticate(deps, { bearer: staff.token })).rejects.toBeInstanceOf(AuthenticationError);
    const events = await deps.audit.forUser(tenantId, staff.user.userId, { limit: 10 });
    expect(events.items).toContainEqual(
      expect.objectContaining({ action: "sessions.revoked", actor: `user:${admin.user.userId}` }),
    );
  });

  it("refuses an API key, a user without the permission and a target with more privilege", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin"]);
    const teacher = await signedIn(["class-teacher"]);
    const head = await signedIn(["headteacher"]);
    for (const [caller, target] of [
      [apiKeyPrincipal(tenantId), teacher.user.userId],
      [teacher.principal, admin.user.userId],
      [admin.principal, head.user.userId],
    ] as const) {
      await expect(revokeUserSessions(deps, caller, target)).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(authenticate(deps, { bearer: head.token })).resolves.toBeDefined();
  });

  it("does not find another tenant's user", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin"]);
    const elsewhere = await signedIn(["staff"], "other-school");
    await expect(revokeUserSessions(deps, admin.principal, elsewhere.user.userId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
