import { afterEach, describe, expect, it, vi } from "vitest";
import { verifySsoPin } from "../../../lib/app/sso-pins/sso-pins.js";
import { ValidationError } from "../../../lib/domain/errors.js";
import { defaultTenantPreferences, type Tenant, type User } from "../../../lib/domain/model.js";
import type { Principal } from "../../../lib/domain/permissions.js";
import type { HashReservation } from "../../../lib/ports/credential-store.js";
import type { SsoPinRecord } from "../../../lib/ports/sso-pin-store.js";

let tenantSerial = 0;

/** Fakes for one tenant (a fresh id each, so the step-up action cache never carries over between tests). */
function world(options: {
  user?: Partial<User> | null;
  reservation?: HashReservation;
  record?: SsoPinRecord;
  pinMatches?: boolean;
  stepUpActions?: string[];
}) {
  const tenantId = `tenant-${++tenantSerial}`;
  const user: User | undefined =
    options.user === null
      ? undefined
      : {
          tenantId,
          userId: "u1",
          username: "j.sso",
          forename: "Jo",
          surname: "Sso",
          email: "jo@school.example",
          emailVerified: true,
          userType: "staff",
          roles: ["staff"],
          permissions: [],
          profiles: ["sso"],
          companyExceptions: [],
          status: "active",
          createdAt: "2025-01-01T00:00:00.000Z",
          updatedAt: "2025-01-01T00:00:00.000Z",
          version: 1,
          ...options.user,
        };
  const tenant: Tenant = {
    tenantId,
    name: "School",
    preferences: { ...defaultTenantPreferences, stepUpActions: options.stepUpActions ?? ["sign_in"] },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
  } as Tenant;
  const deps = {
    // The system time, which the step-up action cache test moves with fake timers: caches read time from the clock.
    clock: { now: () => new Date(), sleep: async () => undefined },
    tenants: { get: vi.fn(async () => tenant) },
    users: { findByUsername: vi.fn(async () => user) },
    ssoPins: { get: vi.fn(async () => options.record) },
    credentials: {
      reserveAttemptWithHash: vi.fn(
        async (): Promise<HashReservation> =>
          options.reservation ?? { outcome: "reserved", hash: "$argon2id$pin" },
      ),
      recordSuccess: vi.fn(async () => undefined),
      recordFailure: vi.fn(async () => undefined),
    },
    hasher: {
      verify: vi.fn(async () => options.pinMatches ?? true),
      burn: vi.fn(async () => undefined),
    },
    sessions: {
      issueStepUp: vi.fn(async () => ({ token: "step-up", expiresAt: new Date("2025-06-01T09:05:00.000Z") })),
    },
  };
  const principal: Principal = { kind: "api-key", tenantId, keyId: "k1" };
  const verify = (action = "sign_in", pin = "583920") =>
    verifySsoPin(deps as unknown as Parameters<typeof verifySsoPin>[0], principal, {
      username: "j.sso",
      pin,
      action,
    });
  return { deps, verify, tenantId };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("verifySsoPin", () => {
  it("evaluates the hash the reservation returned, without a separate PIN read, and resets the counters on success", async () => {
    const w = world({});
    const result = await w.verify();
    expect(result).toMatchObject({ outcome: "ok", stepUpToken: "step-up", action: "sign_in" });
    expect(w.deps.credentials.reserveAttemptWithHash).toHaveBeenCalledWith(
      w.tenantId,
      "u1",
      expect.any(Date),
      "sso-pin",
    );
    expect(w.deps.hasher.verify).toHaveBeenCalledWith("$argon2id$pin", "583920");
    expect(w.deps.ssoPins.get).not.toHaveBeenCalled();
    expect(w.deps.credentials.recordSuccess).toHaveBeenCalledWith(w.tenantId, "u1", "sso-pin");
    expect(w.deps.credentials.recordFailure).not.toHaveBeenCalled();
  });

  it("records a failure and answers invalid when the PIN is wrong", async () => {
    const w = world({ pinMatches: false });
    expect(await w.verify()).toEqual({ outcome: "invalid" });
    expect(w.deps.credentials.recordFailure).toHaveBeenCalledWith(
      w.tenantId,
      "u1",
      expect.any(Date),
      "sso-pin",
    );
    expect(w.deps.credentials.recordSuccess).not.toHaveBeenCalled();
  });

  it("answers locked without evaluating the PIN when no attempt could be reserved", async () => {
    const w = world({ reservation: { outcome: "locked" } });
    expect(await w.verify()).toEqual({ outcome: "locked" });
    expect(w.deps.hasher.verify).not.toHaveBeenCalled();
    expect(w.deps.hasher.burn).not.toHaveBeenCalled();
  });

  it("answers setup_required when the PIN was never set or is reset (nothing counted)", async () => {
    const never = world({ reservation: { outcome: "absent" } });
    expect(await never.verify()).toEqual({ outcome: "setup_required" });
    const reset = world({ reservation: { outcome: "absent" }, record: { state: "reset_pending" } });
    expect(await reset.verify()).toEqual({ outcome: "setup_required" });
    expect(reset.deps.hasher.verify).not.toHaveBeenCalled();
  });

  it("answers invalid after the same hashing work for an active PIN item without a hash", async () => {
    const w = world({ reservation: { outcome: "absent" }, record: { state: "active" } });
    expect(await w.verify()).toEqual({ outcome: "invalid" });
    expect(w.deps.hasher.burn).toHaveBeenCalledWith("583920");
  });

  it("answers invalid after the same hashing work for an unknown, non-SSO or disabled user, reserving nothing", async () => {
    for (const user of [null, { profiles: [] }, { email: undefined }, { status: "disabled" as const }]) {
      const w = world({ user });
      expect(await w.verify()).toEqual({ outcome: "invalid" });
      expect(w.deps.hasher.burn).toHaveBeenCalledTimes(1);
      expect(w.deps.credentials.reserveAttemptWithHash).not.toHaveBeenCalled();
    }
  });

  it("refuses an action the tenant does not list", async () => {
    const w = world({ stepUpActions: ["sign_in"] });
    await expect(w.verify("delete_student")).rejects.toBeInstanceOf(ValidationError);
    expect(w.deps.credentials.reserveAttemptWithHash).not.toHaveBeenCalled();
  });

  it("reads the tenant's step-up actions once a minute, not on every verification", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-06-01T09:00:00.000Z"));
    const w = world({ stepUpActions: ["sign_in", "delete_student"] });
    await w.verify();
    await w.verify("delete_student");
    vi.setSystemTime(new Date("2025-06-01T09:00:59.000Z"));
    await w.verify();
    expect(w.deps.tenants.get).toHaveBeenCalledTimes(1);
    vi.setSystemTime(new Date("2025-06-01T09:01:01.000Z"));
    await w.verify();
    expect(w.deps.tenants.get).toHaveBeenCalledTimes(2);
  });
});
