import { describe, expect, it } from "vitest";
import { consentToLatchkeyId } from "../../../../lib/app/identities/consent.js";
import { getUserSecurity } from "../../../../lib/app/identities/user-security.js";
import { ForbiddenError, NotFoundError } from "../../../../lib/domain/errors.js";
import { aUser, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

describe("getUserSecurity", () => {
  it("says whether the school allows the Latchkey ID, lists active apps by name, and what the caller may do", async () => {
    const deps = fakeDeps();
    const admin = aUser({ tenantId: "t1", roles: ["site-admin", "staff"] });
    const jo = aUser({ tenantId: "t1", email: "Jo@Trust.example", emailVerified: true, roles: ["staff"] });
    const bare = aUser({ tenantId: "t1", roles: ["staff"] });
    for (const u of [admin, jo, bare]) await deps.users.create(u);
    const owner = { tenantId: "t1", userId: jo.userId };
    await deps.authenticators.createPending(owner, {
      deviceId: "d1",
      status: "pending",
      sealed: { v: 1 } as never,
      createdAt: "2026-07-01T10:00:00.000Z",
      expiresAt: Date.parse("2026-07-01T11:00:00Z") / 1000,
    });
    await deps.authenticators.activate(owner, "d1", "My phone", 1, 5, new Date("2026-07-01T10:01:00Z"));
    await deps.authenticators.createPending(owner, {
      deviceId: "d2",
      status: "pending",
      sealed: { v: 1 } as never,
      createdAt: "2026-07-01T10:02:00.000Z",
    });
    const asAdmin = userPrincipal("t1", admin.userId, ["site-admin", "staff"]);

    const before = await getUserSecurity(deps, asAdmin, jo.userId);
    expect(before.latchkeyId).toEqual({ possible: true, active: false });
    expect(before.devices.map((d) => d.name)).toEqual(["My phone"]);
    expect(before.may).toEqual({ consent: true, reset: true });
    await consentToLatchkeyId(deps, asAdmin, jo.userId);
    const after = await getUserSecurity(deps, asAdmin, jo.userId);
    expect(after.latchkeyId).toMatchObject({
      possible: true,
      consentedBy: `user:${admin.userId}`,
      active: true,
    });
    expect((await getUserSecurity(deps, asAdmin, bare.userId)).latchkeyId.possible).toBe(false);

    const teacher = userPrincipal("t1", bare.userId, ["class-teacher"]);
    expect((await getUserSecurity(deps, teacher, jo.userId)).may).toEqual({ consent: false, reset: false });
    await expect(
      getUserSecurity(deps, userPrincipal("t1", bare.userId, ["staff"]), jo.userId),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      getUserSecurity(deps, userPrincipal("t2", "x", ["site-admin"]), jo.userId),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
