import { describe, expect, it, vi } from "vitest";
import { type LockoutTarget, verifyWithLockout } from "../../../lib/app/verify-with-lockout.js";
import { type AttemptState, freshAttempts, isLocked, lockoutPolicy } from "../../../lib/domain/lockout.js";
import { FakeClock } from "../../fakes/clock.js";
import { CredentialItems, FakeCredentialStore } from "../../fakes/credentials.js";

const start = Date.UTC(2025, 5, 1, 9, 0);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The in-memory credential store (the table's conditions: reservations in flight, settlements, leases), its
 * methods spied on, and a hasher whose hash of a secret is `hash:<secret>`. Every call yields first, so parallel
 * attempts really interleave. The clock only moves when someone waits for a place.
 */
function world(options: { hashOnCounter?: string | null } = {}) {
  const items = new CredentialItems();
  items.put("password", "t1", "u1", { ...freshAttempts });
  items.put("sso-pin", "t1", "u1", {
    ...freshAttempts,
    ...(options.hashOnCounter === null ? {} : { hash: options.hashOnCounter ?? "hash:583920" }),
  });
  const store = new FakeCredentialStore(items);
  const credentials = {
    reserveAttempt: vi.spyOn(store, "reserveAttempt"),
    reserveAttemptWithHash: vi.spyOn(store, "reserveAttemptWithHash"),
    recordFailure: vi.spyOn(store, "recordFailure"),
    recordSuccess: vi.spyOn(store, "recordSuccess"),
  };
  const hasher = {
    verify: vi.fn(async (hash: string, secret: string) => {
      await tick();
      return hash === `hash:${secret}`;
    }),
    burn: vi.fn(async (_secret: string) => tick()),
  };
  const clock = new FakeClock(new Date(start));
  const deps = { credentials: store, hasher, clock } as unknown as Parameters<typeof verifyWithLockout>[0];
  const password: LockoutTarget = { tenantId: "t1", userId: "u1", hash: "hash:right" };
  const ssoPin: LockoutTarget = { tenantId: "t1", userId: "u1", kind: "sso-pin", hashOnCounter: true };
  const at = (ms: number) => new Date(start + ms);
  return {
    deps,
    credentials,
    hasher,
    clock,
    items,
    password,
    ssoPin,
    at,
    state: () => items.attempts("password", "t1", "u1"),
  };
}

describe("verifyWithLockout", () => {
  it("evaluates at most 5 of 100 parallel wrong guesses and locks the credential", async () => {
    const w = world();
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () => verifyWithLockout(w.deps, w.password, "wrong", w.at(0))),
    );
    expect(w.hasher.verify.mock.calls.length).toBeLessThanOrEqual(lockoutPolicy.threshold);
    expect(outcomes.filter((o) => o === "failed")).toHaveLength(w.hasher.verify.mock.calls.length);
    expect(outcomes.filter((o) => o === "locked")).toHaveLength(100 - w.hasher.verify.mock.calls.length);
    // Every refused guess still costs a hash, so refusals take as long as evaluations.
    expect(w.hasher.burn).toHaveBeenCalledTimes(100 - w.hasher.verify.mock.calls.length);
    expect(isLocked(w.state() as AttemptState, start)).toBe(true);
  });

  it("neither counts nor passes an attempt while locked, even with the right secret", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) await verifyWithLockout(w.deps, w.password, "wrong", w.at(i));
    const locked = w.state();
    expect(await verifyWithLockout(w.deps, w.password, "right", w.at(10))).toBe("locked");
    expect(w.state()).toEqual(locked);
    expect(w.hasher.verify).toHaveBeenCalledTimes(5);
    expect(w.credentials.recordSuccess).not.toHaveBeenCalled();
    // Once the first lock (60 s) has passed, the right secret passes and resets the counters.
    expect(await verifyWithLockout(w.deps, w.password, "right", w.at(60_010))).toBe("passed");
    expect(w.state()).toMatchObject({ failures: 0, pending: 0, lockouts: 0, lockedUntil: undefined });
  });

  it("starts counting afresh after a success", async () => {
    const w = world();
    for (let i = 0; i < 4; i++)
      expect(await verifyWithLockout(w.deps, w.password, "wrong", w.at(i))).toBe("failed");
    expect(await verifyWithLockout(w.deps, w.password, "right", w.at(5))).toBe("passed");
    for (let i = 0; i < 4; i++) await verifyWithLockout(w.deps, w.password, "wrong", w.at(10 + i));
    expect(isLocked(w.state() as AttemptState, start + 20)).toBe(false);
    expect(await verifyWithLockout(w.deps, w.password, "right", w.at(20))).toBe("passed");
  });

  it("hashes anyway and reserves nothing when there is no credential", async () => {
    const w = world();
    expect(await verifyWithLockout(w.deps, undefined, "guess", w.at(0))).toBe("unknown");
    expect(w.hasher.burn).toHaveBeenCalledWith("guess");
    expect(w.credentials.reserveAttempt).not.toHaveBeenCalled();
    expect(w.credentials.reserveAttemptWithHash).not.toHaveBeenCalled();
  });

  it("passes the counters' kind only when the target names one, as the store's optional argument expects", async () => {
    const w = world();
    await verifyWithLockout(w.deps, w.password, "right", w.at(0));
    expect(w.credentials.reserveAttempt).toHaveBeenCalledWith("t1", "u1", w.at(0));
    expect(w.credentials.recordSuccess).toHaveBeenCalledWith("t1", "u1");
    await verifyWithLockout(w.deps, { ...w.password, kind: "password" }, "wrong", w.at(1));
    expect(w.credentials.reserveAttempt).toHaveBeenLastCalledWith("t1", "u1", w.at(1), "password");
    expect(w.credentials.recordFailure).toHaveBeenCalledWith("t1", "u1", w.at(1), "password");
  });

  it("runs a comparison of its own only once an attempt is reserved", async () => {
    const w = world();
    const matches = vi.fn(async (secret: string) => secret === "Tiger-Plum-42");
    const temporary: LockoutTarget = { tenantId: "t1", userId: "u1", matches };
    expect(await verifyWithLockout(w.deps, temporary, "Tiger-Plum-42", w.at(0))).toBe("passed");
    for (let i = 0; i < 5; i++) await verifyWithLockout(w.deps, temporary, "wrong", w.at(1 + i));
    expect(await verifyWithLockout(w.deps, temporary, "Tiger-Plum-42", w.at(10))).toBe("locked");
    expect(matches).toHaveBeenCalledTimes(6);
    expect(w.hasher.verify).not.toHaveBeenCalled();
  });

  it("evaluates the hash the reservation returns for a hash kept on its counter", async () => {
    const w = world();
    expect(await verifyWithLockout(w.deps, w.ssoPin, "583920", w.at(0))).toBe("passed");
    expect(w.hasher.verify).toHaveBeenCalledWith("hash:583920", "583920");
    expect(w.credentials.reserveAttemptWithHash).toHaveBeenCalledWith("t1", "u1", w.at(0), "sso-pin");
    expect(w.credentials.recordSuccess).toHaveBeenCalledWith("t1", "u1", "sso-pin");
  });

  it("answers absent, uncounted, for a counter without a hash; hashing unless told not to", async () => {
    const w = world({ hashOnCounter: null });
    expect(await verifyWithLockout(w.deps, w.ssoPin, "583920", w.at(0))).toBe("absent");
    expect(w.hasher.burn).toHaveBeenCalledTimes(1);
    expect(await verifyWithLockout(w.deps, w.ssoPin, "583920", w.at(1), { burnWhenAbsent: false })).toBe(
      "absent",
    );
    expect(w.hasher.burn).toHaveBeenCalledTimes(1);
    expect(w.items.attempts("sso-pin", "t1", "u1")).toMatchObject({ failures: 0 });
  });

  it("does not hash for a locked credential when the answer says locked anyway", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) await verifyWithLockout(w.deps, w.ssoPin, "000000", w.at(i));
    expect(await verifyWithLockout(w.deps, w.ssoPin, "583920", w.at(10), { burnWhenLocked: false })).toBe(
      "locked",
    );
    expect(w.hasher.burn).not.toHaveBeenCalled();
    expect(await verifyWithLockout(w.deps, w.ssoPin, "583920", w.at(11))).toBe("locked");
    expect(w.hasher.burn).toHaveBeenCalledTimes(1);
  });
});
