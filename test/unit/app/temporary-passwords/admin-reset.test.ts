import { describe, expect, it } from "vitest";
import {
  resetTemporaryPassword,
  revealTemporaryPassword,
} from "../../../../lib/app/temporary-passwords/temporary-passwords.js";
import {
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../../lib/domain/errors.js";
import type { Role } from "../../../../lib/domain/model.js";
import { normalisePassword } from "../../../../lib/domain/password-rules.js";
import { apiKeyPrincipal, aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps, fakeHashOf } from "../../../fakes/index.js";

const adminPassword = "the admin's own passphrase";

/** A school with a signed-in site admin (who has a password), a teacher with a verified email, and a headteacher. */
async function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const seed = (roles: Role[], email?: string) =>
    deps.users.seed(
      aUser({ tenantId, roles, email, emailVerified: Boolean(email), claimedAt: "2025-01-01" }),
    );
  const admin = seed(["site-admin", "staff"]);
  await deps.credentials.setPassword(
    tenantId,
    admin.userId,
    fakeHashOf(normalisePassword(adminPassword)),
    deps.clock.now(),
  );
  const teacher = seed(["class-teacher", "staff"], "teacher@school.example");
  const head = seed(["headteacher", "staff"]);
  const principal = userPrincipal(tenantId, admin.userId, admin.roles);
  return { deps, tenantId, admin, teacher, head, principal };
}

describe("resetTemporaryPassword (an admin reset)", () => {
  it("ends the user's sessions, tells them by email without the password, and audits it", async () => {
    const s = await school();
    const result = await resetTemporaryPassword(s.deps, s.principal, {
      userId: s.teacher.userId,
      password: adminPassword,
    });
    expect(await s.deps.sessionRevocations.revokedBefore(s.tenantId, s.teacher.userId)).toBe(
      s.deps.clock.now().getTime(),
    );
    expect(s.deps.outbox.queued).toEqual([
      expect.objectContaining({ layoutId: "PASSWORD_CHANGED_NOTICE", to: "teacher@school.example" }),
    ]);
    expect(JSON.stringify(s.deps.outbox.queued)).not.toContain(result.password);
    expect(s.deps.audit.all()[0]?.details).toMatchObject({ sessionsRevoked: true, previouslyClaimed: true });
  });

  it("refuses without the admin's password, with a wrong one, or on the headteacher, issuing nothing", async () => {
    const s = await school();
    const reset = (userId: string, password?: string) =>
      resetTemporaryPassword(s.deps, s.principal, { userId, password });
    await expect(reset(s.teacher.userId)).rejects.toBeInstanceOf(ValidationError);
    await expect(reset(s.teacher.userId, "wrong passphrase here")).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(reset(s.head.userId, adminPassword)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reset("no-such-user", adminPassword)).rejects.toBeInstanceOf(NotFoundError);
    for (const user of [s.teacher, s.head]) {
      expect(await s.deps.temporaryPasswords.get(s.tenantId, user.userId)).toBeUndefined();
      expect(await s.deps.sessionRevocations.revokedBefore(s.tenantId, user.userId)).toBeUndefined();
    }
    expect(s.deps.outbox.queued).toEqual([]);
  });

  it("counts a wrong confirmation towards the admin's own lockout", async () => {
    const s = await school();
    for (let i = 0; i < 5; i++) {
      await expect(
        resetTemporaryPassword(s.deps, s.principal, {
          userId: s.teacher.userId,
          password: "wrong passphrase",
        }),
      ).rejects.toBeInstanceOf(AuthenticationError);
    }
    await expect(
      resetTemporaryPassword(s.deps, s.principal, { userId: s.teacher.userId, password: adminPassword }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("is never for an API key, and neither is reveal", async () => {
    const s = await school();
    const key = apiKeyPrincipal(s.tenantId);
    await expect(resetTemporaryPassword(s.deps, key, { userId: s.teacher.userId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(revealTemporaryPassword(s.deps, key, { userId: s.teacher.userId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
