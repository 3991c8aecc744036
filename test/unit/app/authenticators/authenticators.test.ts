import { describe, expect, it } from "vitest";
import {
  confirmEnrolment,
  listAuthenticators,
  startEnrolment,
} from "../../../../lib/app/authenticators/authenticators.js";
import {
  regenerateRecoveryCodes,
  removeAuthenticator,
  resetAuthenticators,
} from "../../../../lib/app/authenticators/removal.js";
import { verifySecondFactor } from "../../../../lib/app/authenticators/verify-second-factor.js";
import { identityOwner } from "../../../../lib/domain/identity.js";
import type { Principal } from "../../../../lib/domain/permissions.js";
import { apiKeyPrincipal, aUser, givePassword, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";
import { codeFromUri } from "../../../fakes/totp-codes.js";

function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(aUser({ tenantId, roles: ["site-admin"], email: "ada@school.example" }));
  // Signed in with a second factor: once a device is active, only such a session manages devices without a code.
  const principal: Principal = {
    kind: "user",
    tenantId,
    userId: user.userId,
    roles: ["site-admin"],
    secondFactor: true,
  };
  const owner = { tenantId, userId: user.userId };
  const enrol = async (name = "My phone", who: Principal = principal) => {
    const started = await startEnrolment(deps, who);
    const code = codeFromUri(started.otpauthUri, deps.clock.now());
    const confirmed = await confirmEnrolment(deps, who, { deviceId: started.deviceId, name, code });
    return { ...started, ...confirmed };
  };
  return { deps, tenantId, user, principal, owner, enrol };
}

describe("authenticator enrolment", () => {
  it("activates a device with a current code and returns 10 recovery codes once", async () => {
    const s = school();
    const first = await s.enrol();
    expect(first.recoveryCodes).toHaveLength(10);
    expect(new Set(first.recoveryCodes).size).toBe(10);
    s.deps.clock.advance(30_000);
    const second = await s.enrol("Tablet");
    expect(second.recoveryCodes).toBeUndefined();
    const listed = await listAuthenticators(s.deps, s.principal);
    expect(listed.items.map((d) => d.name).sort()).toEqual(["My phone", "Tablet"]);
    expect(listed.recoveryCodesLeft).toBe(10);
    expect(JSON.stringify(listed)).not.toMatch(/sealed|secret/);
  });

  it("refuses a wrong code, a duplicate name (any case), a sixth device and an expired pending device", async () => {
    const s = school();
    const started = await startEnrolment(s.deps, s.principal);
    await expect(
      confirmEnrolment(s.deps, s.principal, { deviceId: started.deviceId, name: "x", code: "000000" }),
    ).rejects.toMatchObject({ code: "validation" });
    await s.enrol("Phone");
    s.deps.clock.advance(30_000);
    await expect(s.enrol("PHONE")).rejects.toMatchObject({ code: "conflict" });
    for (const name of ["b", "c", "d", "e"]) {
      s.deps.clock.advance(30_000);
      await s.enrol(name);
    }
    await expect(startEnrolment(s.deps, s.principal)).rejects.toMatchObject({ code: "conflict" });
    const other = school();
    const pending = await startEnrolment(other.deps, other.principal);
    other.deps.clock.advance(11 * 60_000);
    const code = codeFromUri(pending.otpauthUri, other.deps.clock.now());
    await expect(
      confirmEnrolment(other.deps, other.principal, { deviceId: pending.deviceId, name: "late", code }),
    ).rejects.toMatchObject({ code: "not-found" });
  });

  it("shows only recovery codes that work when two first devices are confirmed at once", async () => {
    const s = school();
    const [a, b] = await Promise.all([
      startEnrolment(s.deps, s.principal),
      startEnrolment(s.deps, s.principal),
    ]);
    const confirmed = await Promise.all(
      [
        [a, "Phone"],
        [b, "Tablet"],
      ].map(([started, name]) => {
        const { deviceId, otpauthUri } = started as typeof a;
        const code = codeFromUri(otpauthUri, s.deps.clock.now());
        return confirmEnrolment(s.deps, s.principal, { deviceId, name: name as string, code });
      }),
    );
    const shown = confirmed.flatMap((c) => (c.recoveryCodes ? [c.recoveryCodes] : []));
    expect(shown).toHaveLength(1);
    for (const codes of shown) {
      const used = await verifySecondFactor(
        s.deps,
        s.owner,
        { recoveryCode: codes[0] as string },
        s.deps.clock.now(),
      );
      expect(used.outcome).toBe("passed");
    }
  });

  it("never enrols for an API key", async () => {
    const s = school();
    await expect(startEnrolment(s.deps, apiKeyPrincipal(s.tenantId))).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("enrols a Latchkey ID session's device on the identity, with events on the identity and the account", async () => {
    const s = school();
    const principal: Principal = {
      ...(s.principal as Extract<Principal, { kind: "user" }>),
      identity: "ada@school.example",
    };
    await s.enrol("Phone", principal);
    expect(await s.deps.authenticators.hasActive(identityOwner("ada@school.example"))).toBe(true);
    expect(await s.deps.authenticators.hasActive(s.owner)).toBe(false);
    const events = s.deps.audit.all().filter((e) => e.action === "authenticator.enrolled");
    expect(events.map((e) => [e.tenantId, e.userId])).toEqual(
      expect.arrayContaining([
        ["~", "ada@school.example"],
        [s.tenantId, s.user.userId],
      ]),
    );
    expect(s.deps.audit.all().some((e) => e.tenantId === "~" && e.userId === undefined)).toBe(false);
  });
});

describe("verifySecondFactor", () => {
  it("accepts a code once: the same code again is refused", async () => {
    const s = school();
    const { otpauthUri } = await s.enrol();
    s.deps.clock.advance(30_000);
    const code = codeFromUri(otpauthUri, s.deps.clock.now());
    expect(await verifySecondFactor(s.deps, s.owner, { code }, s.deps.clock.now())).toMatchObject({
      outcome: "passed",
      method: "otp",
    });
    expect(await verifySecondFactor(s.deps, s.owner, { code }, s.deps.clock.now())).toMatchObject({
      outcome: "failed",
    });
  });

  it("refuses the enrolment's own code afterwards (its step is recorded)", async () => {
    const s = school();
    const started = await startEnrolment(s.deps, s.principal);
    const code = codeFromUri(started.otpauthUri, s.deps.clock.now());
    await confirmEnrolment(s.deps, s.principal, { deviceId: started.deviceId, name: "p", code });
    expect((await verifySecondFactor(s.deps, s.owner, { code }, s.deps.clock.now())).outcome).toBe("failed");
  });

  it("accepts exactly one of 20 parallel submissions of one valid code", async () => {
    const s = school();
    const { otpauthUri } = await s.enrol();
    s.deps.clock.advance(30_000);
    const code = codeFromUri(otpauthUri, s.deps.clock.now());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => verifySecondFactor(s.deps, s.owner, { code }, s.deps.clock.now())),
    );
    expect(results.filter((r) => r.outcome === "passed")).toHaveLength(1);
  });

  it("locks after 5 bad codes: even the right code is refused until the lock passes", async () => {
    const s = school();
    const { otpauthUri } = await s.enrol();
    for (let i = 0; i < 5; i++) {
      expect(
        (await verifySecondFactor(s.deps, s.owner, { code: "000000" }, s.deps.clock.now())).outcome,
      ).toBe("failed");
    }
    s.deps.clock.advance(30_000);
    const code = codeFromUri(otpauthUri, s.deps.clock.now());
    expect((await verifySecondFactor(s.deps, s.owner, { code }, s.deps.clock.now())).outcome).toBe("locked");
    s.deps.clock.advance(61_000);
    const later = codeFromUri(otpauthUri, s.deps.clock.now());
    expect((await verifySecondFactor(s.deps, s.owner, { code: later }, s.deps.clock.now())).outcome).toBe(
      "passed",
    );
  });

  it("uses a recovery code once, in any case and with or without dashes; regenerating voids the old set", async () => {
    const s = school();
    const { otpauthUri, recoveryCodes = [] } = await s.enrol();
    const [one = "", two = ""] = recoveryCodes;
    expect(
      await verifySecondFactor(s.deps, s.owner, { recoveryCode: one.toUpperCase() }, s.deps.clock.now()),
    ).toMatchObject({ outcome: "passed", method: "recovery", codesLeft: 9 });
    expect(
      (await verifySecondFactor(s.deps, s.owner, { recoveryCode: one }, s.deps.clock.now())).outcome,
    ).toBe("failed");
    s.deps.clock.advance(30_000);
    const fresh = await regenerateRecoveryCodes(s.deps, s.principal, {
      code: codeFromUri(otpauthUri, s.deps.clock.now()),
    });
    expect(fresh).toHaveLength(10);
    expect(
      (
        await verifySecondFactor(
          s.deps,
          s.owner,
          { recoveryCode: two.replaceAll("-", "") },
          s.deps.clock.now(),
        )
      ).outcome,
    ).toBe("failed");
    expect(
      (await verifySecondFactor(s.deps, s.owner, { recoveryCode: fresh[0] as string }, s.deps.clock.now()))
        .outcome,
    ).toBe("passed");
  });

  it("uses one recovery code exactly once when it arrives 10 times at once", async () => {
    const s = school();
    const { recoveryCodes = [] } = await s.enrol();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        verifySecondFactor(s.deps, s.owner, { recoveryCode: recoveryCodes[0] as string }, s.deps.clock.now()),
      ),
    );
    expect(results.filter((r) => r.outcome === "passed")).toHaveLength(1);
  });
});

describe("removing authenticators", () => {
  it("removes a device with a current code, or with the password, and refuses without proof after 5 minutes", async () => {
    const s = school();
    givePassword(s.deps, s.tenantId, s.user.userId, "the-admin-password");
    const phone = await s.enrol("Phone");
    s.deps.clock.advance(30_000);
    const tablet = await s.enrol("Tablet");
    const old = {
      ...(s.principal as Extract<Principal, { kind: "user" }>),
      session: { sessionId: "s", expiresAt: 0, authTime: s.deps.clock.now().getTime() - 6 * 60_000 },
    };
    await expect(removeAuthenticator(s.deps, old, { deviceId: tablet.deviceId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      removeAuthenticator(s.deps, old, { deviceId: tablet.deviceId, password: "wrong" }),
    ).rejects.toMatchObject({ code: "validation" });
    await removeAuthenticator(s.deps, old, { deviceId: tablet.deviceId, password: "the-admin-password" });
    s.deps.clock.advance(30_000);
    const code = codeFromUri(phone.otpauthUri, s.deps.clock.now());
    await removeAuthenticator(s.deps, old, { deviceId: phone.deviceId, code });
    expect((await listAuthenticators(s.deps, s.principal)).items).toEqual([]);
    expect(s.deps.audit.all().filter((e) => e.action === "authenticator.removed")).toHaveLength(2);
  });

  it("never reaches another person's device: confirming or removing it is 404", async () => {
    const s = school();
    const other = s.deps.users.seed(aUser({ tenantId: s.tenantId }));
    const otherPrincipal = userPrincipal(s.tenantId, other.userId, ["staff"]);
    const pending = await startEnrolment(s.deps, otherPrincipal);
    const code = codeFromUri(pending.otpauthUri, s.deps.clock.now());
    await expect(
      confirmEnrolment(s.deps, s.principal, { deviceId: pending.deviceId, name: "Mine now", code }),
    ).rejects.toMatchObject({ code: "not-found" });
    await confirmEnrolment(s.deps, otherPrincipal, { deviceId: pending.deviceId, name: "Theirs", code });
    await expect(
      removeAuthenticator(s.deps, s.principal, { deviceId: pending.deviceId }),
    ).rejects.toMatchObject({ code: "not-found" });
    expect((await listAuthenticators(s.deps, otherPrincipal)).items).toHaveLength(1);
  });

  it("lets a site admin with their password reset a user's authenticators, emailing the user", async () => {
    const s = school();
    const teacher = s.deps.users.seed(
      aUser({
        tenantId: s.tenantId,
        roles: ["class-teacher"],
        email: "t@school.example",
        emailVerified: true,
      }),
    );
    const teacherPrincipal = userPrincipal(s.tenantId, teacher.userId, ["class-teacher"]);
    await s.enrol("Phone", teacherPrincipal);
    givePassword(s.deps, s.tenantId, s.user.userId, "the-admin-password");
    await expect(
      resetAuthenticators(s.deps, s.principal, { userId: teacher.userId, password: "wrong" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(
      resetAuthenticators(s.deps, teacherPrincipal, { userId: s.user.userId, password: "x" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const result = await resetAuthenticators(s.deps, s.principal, {
      userId: teacher.userId,
      password: "the-admin-password",
    });
    expect(result).toEqual({ userId: teacher.userId, removed: 1 });
    const owner = { tenantId: s.tenantId, userId: teacher.userId };
    expect(await s.deps.authenticators.hasActive(owner)).toBe(false);
    expect(await s.deps.authenticators.recoveryCodesLeft(owner)).toBe(0);
    expect(s.deps.audit.all().filter((e) => e.action === "authenticators.reset-by-admin")).toHaveLength(2);
    expect(s.deps.outbox.queued.map((m) => m.layoutId)).toContain("AUTHENTICATOR_RESET_NOTICE");
  });
});
