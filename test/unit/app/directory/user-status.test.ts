import { describe, expect, it } from "vitest";
import { setUserStatus } from "../../../../lib/app/directory/user-status.js";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from "../../../../lib/domain/errors.js";
import type { Role } from "../../../../lib/domain/model.js";
import { apiKeyPrincipal, aUser } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

const tenantId = "acme";

async function world() {
  const deps = fakeDeps();
  const signedIn = async (roles: Role[], tenant = tenantId) => {
    const user = aUser({ tenantId: tenant, roles });
    await deps.users.create(user);
    const { token } = await deps.sessions.issue(
      { tenantId: tenant, userId: user.userId, roles, amr: ["pwd", "otp"] },
      deps.clock.now(),
    );
    const { principal } = await authenticate(deps, { bearer: token });
    return { user, token, principal };
  };
  return { deps, signedIn };
}

describe("setUserStatus", () => {
  it("disables a user: their session fails on its next request, and it is audited", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const staff = await signedIn(["staff"]);
    await deps.clock.sleep(1);
    expect(await setUserStatus(deps, admin.principal, staff.user.userId, "disabled")).toEqual({
      userId: staff.user.userId,
      status: "disabled",
    });
    expect((await deps.users.get(tenantId, staff.user.userId))?.status).toBe("disabled");
    await expect(authenticate(deps, { bearer: staff.token })).rejects.toBeInstanceOf(AuthenticationError);
    const events = await deps.audit.forUser(tenantId, staff.user.userId, { limit: 10 });
    expect(events.items).toContainEqual(
      expect.objectContaining({ action: "user.disabled", actor: `user:${admin.user.userId}` }),
    );
  });

  it("enables again without bringing the old sessions back", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const staff = await signedIn(["staff"]);
    await deps.clock.sleep(1);
    await setUserStatus(deps, admin.principal, staff.user.userId, "disabled");
    await setUserStatus(deps, admin.principal, staff.user.userId, "active");
    expect((await deps.users.get(tenantId, staff.user.userId))?.status).toBe("active");
    await expect(authenticate(deps, { bearer: staff.token })).rejects.toBeInstanceOf(AuthenticationError);
    const events = await deps.audit.forUser(tenantId, staff.user.userId, { limit: 10 });
    expect(events.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(["user.disabled", "user.enabled"]),
    );
  });

  it("changes and records nothing when the user already has that status", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const staff = await signedIn(["staff"]);
    await setUserStatus(deps, admin.principal, staff.user.userId, "active");
    expect((await deps.audit.forUser(tenantId, staff.user.userId, { limit: 10 })).items).toEqual([]);
  });

  it("refuses an API key, other roles, oneself and a user with more privilege; another school's user is not found", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const head = await signedIn(["headteacher", "staff"]);
    const staff = await signedIn(["staff"]);
    const elsewhere = await signedIn(["staff"], "other-school");
    await expect(
      setUserStatus(deps, apiKeyPrincipal(tenantId), staff.user.userId, "disabled"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setUserStatus(deps, head.principal, staff.user.userId, "disabled")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(setUserStatus(deps, admin.principal, admin.user.userId, "disabled")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // The headteacher may accept the declaration, which a site admin may not: more privilege.
    await expect(setUserStatus(deps, admin.principal, head.user.userId, "disabled")).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      setUserStatus(deps, admin.principal, elsewhere.user.userId, "disabled"),
    ).rejects.toBeInstanceOf(NotFoundError);
    for (const id of [staff.user.userId, head.user.userId, admin.user.userId]) {
      expect((await deps.users.get(tenantId, id))?.status).toBe("active");
    }
  });

  it("lets only one of two changes made from the same read win", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const staff = await signedIn(["staff"]);
    const user = await deps.users.get(tenantId, staff.user.userId);
    expect(
      await deps.users.setStatus(tenantId, staff.user.userId, "disabled", user?.version ?? 0, new Date()),
    ).toBe(true);
    expect(
      await deps.users.setStatus(tenantId, staff.user.userId, "disabled", user?.version ?? 0, new Date()),
    ).toBe(false);
    await expect(setUserStatus(deps, admin.principal, staff.user.userId, "active")).resolves.toEqual({
      userId: staff.user.userId,
      status: "active",
    });
  });

  it("leaves a user who left the school to the roster", async () => {
    const { deps, signedIn } = await world();
    const admin = await signedIn(["site-admin", "staff"]);
    const leaver = aUser({ tenantId, roles: ["staff"], status: "left" });
    await deps.users.create(leaver);
    await expect(setUserStatus(deps, admin.principal, leaver.userId, "disabled")).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
