import { describe, expect, it } from "vitest";
import {
  type AttemptState,
  failureLocks,
  freshAttempts,
  isBusy,
  isLocked,
  isStrandedAtThreshold,
  lockedState,
  lockoutPolicy,
  lockSeconds,
  reclaimedFailures,
  settledFailureLocks,
} from "../../../lib/domain/lockout.js";

const now = Date.UTC(2025, 0, 15, 9, 30);

describe("lockSeconds", () => {
  it("doubles from 60 seconds with each previous lockout", () => {
    expect([0, 1, 2, 3].map(lockSeconds)).toEqual([60, 120, 240, 480]);
  });

  it("caps the wait at 15 minutes once doubling would exceed it", () => {
    expect(lockSeconds(4)).toBe(900);
    expect(lockSeconds(5)).toBe(900);
    expect(lockSeconds(50)).toBe(900);
  });
});

describe("isLocked", () => {
  const locked: AttemptState = { failures: 0, lockouts: 1, lockedUntil: now };

  it("is locked one millisecond before lockedUntil", () => {
    expect(isLocked(locked, now - 1)).toBe(true);
  });

  it("is unlocked exactly at lockedUntil and after it", () => {
    expect(isLocked(locked, now)).toBe(false);
    expect(isLocked(locked, now + 1)).toBe(false);
  });

  it("is unlocked when the state has never been locked", () => {
    expect(isLocked(freshAttempts, now)).toBe(false);
    expect(isLocked({ failures: 4, lockouts: 0 }, now)).toBe(false);
  });
});

describe("failureLocks", () => {
  it("does not lock below the threshold of 5 failures", () => {
    expect(lockoutPolicy.threshold).toBe(5);
    expect([1, 2, 3, 4].map(failureLocks)).toEqual([false, false, false, false]);
  });

  it("locks when the failure count reaches or passes the threshold", () => {
    expect(failureLocks(5)).toBe(true);
    expect(failureLocks(6)).toBe(true);
  });
});

describe("lockedState", () => {
  it("locks for 60 seconds, resets failures and counts the lockout when it is the first", () => {
    expect(lockedState({ failures: 5, lockouts: 0 }, now)).toEqual({
      failures: 0,
      lockouts: 1,
      lockedUntil: now + 60_000,
    });
  });

  it("locks for the doubled wait when there were earlier lockouts", () => {
    const second = lockedState({ failures: 5, lockouts: 1, lockedUntil: now - 1 }, now);
    expect(second).toEqual({ failures: 0, lockouts: 2, lockedUntil: now + 120_000 });
    const fifth = lockedState({ failures: 5, lockouts: 4 }, now);
    expect(fifth.lockedUntil).toBe(now + 900_000);
  });

  it("produces a state that is locked until the wait is over", () => {
    const state = lockedState({ failures: 5, lockouts: 0 }, now);
    expect(isLocked(state, now + 59_999)).toBe(true);
    expect(isLocked(state, now + 60_000)).toBe(false);
  });

  it("does not mutate the previous state", () => {
    const before: AttemptState = { failures: 5, lockouts: 2 };
    lockedState(before, now);
    expect(before).toEqual({ failures: 5, lockouts: 2 });
  });
});

describe("isStrandedAtThreshold", () => {
  const now = 10_000_000_000;
  const longest = lockoutPolicy.maxLockSeconds * 1000;

  it("restarts a counter left at the threshold without a lock once the longest lock has passed", () => {
    expect(isStrandedAtThreshold({ failures: 5, lockouts: 0, lastAttemptAt: now - longest }, now)).toBe(true);
  });

  it("keeps refusing while the stranded attempt is recent", () => {
    expect(isStrandedAtThreshold({ failures: 5, lockouts: 0, lastAttemptAt: now - longest + 1 }, now)).toBe(
      false,
    );
  });

  it("does not apply below the threshold or while a real lock holds", () => {
    expect(isStrandedAtThreshold({ failures: 4, lockouts: 0, lastAttemptAt: 0 }, now)).toBe(false);
    expect(
      isStrandedAtThreshold({ failures: 5, lockouts: 1, lockedUntil: now + 1, lastAttemptAt: 0 }, now),
    ).toBe(false);
  });
});

describe("attempts in flight", () => {
  const lease = lockoutPolicy.leaseSeconds * 1000;
  const full = (pending: number, lastAttemptAt = now): AttemptState => ({
    failures: lockoutPolicy.threshold,
    pending,
    lockouts: 0,
    lastAttemptAt,
  });

  it("is busy while attempts in flight hold the places (or freed them), not when locked or settled at the threshold", () => {
    expect(isBusy(full(2), now)).toBe(true);
    expect(isBusy(full(2, now - lease + 1), now)).toBe(true);
    expect(isBusy(full(0), now)).toBe(false);
    expect(isBusy({ ...full(2), lockedUntil: now + 1 }, now)).toBe(false);
    // Places freed since the refusal: try again.
    expect(isBusy({ ...full(2), failures: 3 }, now)).toBe(true);
  });

  it("drops attempts in flight past their lease and keeps the settled failures", () => {
    expect(reclaimedFailures(full(2, now - lease + 1), now)).toBeUndefined();
    expect(reclaimedFailures(full(2, now - lease), now)).toBe(3);
    expect(isBusy(full(2, now - lease), now)).toBe(false);
    expect(reclaimedFailures({ ...full(2, now - lease), lockedUntil: now + 1 }, now)).toBeUndefined();
  });

  it("restarts a stranded counter from nothing, only after the longest lock", () => {
    const stranded = full(0, now - lockoutPolicy.maxLockSeconds * 1000);
    expect(reclaimedFailures(stranded, now)).toBe(0);
    expect(reclaimedFailures(full(0, now - lease), now)).toBeUndefined();
  });

  it("locks on a settled failure only at the threshold with nothing left in flight", () => {
    expect(settledFailureLocks(full(0))).toBe(true);
    expect(settledFailureLocks(full(1))).toBe(false);
    expect(settledFailureLocks({ ...full(0), failures: 4 })).toBe(false);
  });
});
