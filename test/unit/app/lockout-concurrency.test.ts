import { describe, expect, it } from "vitest";
import { busyWait, type LockoutOutcome, verifyWithLockout } from "../../../lib/app/verify-with-lockout.js";
import { isLocked, lockoutPolicy } from "../../../lib/domain/lockout.js";
import { fakeHashOf } from "../../fakes/hasher.js";
import { fakeDeps } from "../../fakes/index.js";

/**
 * The lockout under parallel attempts, with the in-memory store (the table's conditions) and the counting hasher:
 * the owner's right secret sent many times at once all passes, wrong guesses never get more than the threshold of
 * evaluations between two successes, and an attempt whose evaluation died frees its place after the lease.
 */
function world() {
  const deps = fakeDeps();
  deps.credentialItems.put("password", "t1", "u1", { hash: fakeHashOf("right"), failures: 0, lockouts: 0 });
  const target = { tenantId: "t1", userId: "u1", hash: fakeHashOf("right") };
  const counters = () => deps.credentialItems.attempts("password", "t1", "u1");
  const attempt = (secret: string) => verifyWithLockout(deps, target, secret, deps.clock.now());
  /**
   * Every evaluation and settlement in order, and the places held when each evaluation started (in flight plus
   * settled failures since the last success): the invariant the lockout promises.
   */
  const held: number[] = [];
  let inFlight = 0;
  let settledFailures = 0;
  const { verify } = deps.hasher;
  deps.hasher.verify = async (hash, secret) => {
    inFlight++;
    held.push(inFlight + settledFailures);
    return verify.call(deps.hasher, hash, secret);
  };
  const { recordFailure, recordSuccess } = deps.credentials;
  deps.credentials.recordFailure = async (...args) => {
    inFlight--;
    settledFailures++;
    return recordFailure.apply(deps.credentials, args);
  };
  deps.credentials.recordSuccess = async (...args) => {
    inFlight--;
    settledFailures = 0;
    return recordSuccess.apply(deps.credentials, args);
  };
  return { deps, counters, attempt, held };
}

const count = (outcomes: LockoutOutcome[], outcome: LockoutOutcome) =>
  outcomes.filter((o) => o === outcome).length;

describe("verifyWithLockout under parallel attempts", () => {
  it("passes 10 parallel attempts with the right secret, and leaves the counters clean", async () => {
    const w = world();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => w.attempt("right")));
    expect(outcomes).toEqual(Array(10).fill("passed"));
    expect(w.deps.hasher.verifications).toBe(10);
    expect(Math.max(...w.held)).toBeLessThanOrEqual(lockoutPolicy.threshold);
    expect(w.counters()).toMatchObject({ failures: 0, pending: 0, lockouts: 0 });
  });

  it("evaluates at most 5 of 100 parallel wrong guesses, refuses the rest as locked, and locks", async () => {
    const w = world();
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => w.attempt(`wrong-${i}`)));
    expect(w.deps.hasher.verifications).toBe(lockoutPolicy.threshold);
    expect(count(outcomes, "failed")).toBe(lockoutPolicy.threshold);
    expect(count(outcomes, "locked")).toBe(100 - lockoutPolicy.threshold);
    // The waiting ones were refused the moment the lock came, not after the whole wait.
    expect(w.deps.clock.sleeps.length).toBeLessThan(100 * 3);
    expect(isLocked(w.counters() ?? { failures: 0, lockouts: 0 }, w.deps.clock.now().getTime())).toBe(true);
    expect(await w.attempt("right")).toBe("locked");
  });

  it("mixes the owner's right secret with 60 wrong guesses: never more than 5 places held, each success resets", async () => {
    const w = world();
    const secrets = Array.from({ length: 66 }, (_, i) => (i % 11 === 0 ? "right" : `wrong-${i}`));
    const outcomes = await Promise.all(secrets.map((secret) => w.attempt(secret)));
    const passed = count(outcomes, "passed");
    const wrongEvaluations = outcomes.filter((o, i) => o === "failed" && secrets[i] !== "right").length;
    expect(Math.max(...w.held)).toBeLessThanOrEqual(lockoutPolicy.threshold);
    expect(wrongEvaluations).toBeLessThanOrEqual(lockoutPolicy.threshold * (passed + 1));
    // No wrong guess ever passes; a right one is refused only once wrong guesses have locked the credential.
    expect(outcomes.every((o, i) => secrets[i] === "right" || o !== "passed")).toBe(true);
    const refusedOwner = outcomes.some((o, i) => secrets[i] === "right" && o !== "passed");
    if (refusedOwner) expect(w.counters()?.lockouts).toBeGreaterThan(0);
    expect(w.counters()?.pending).toBe(0);
  });

  it("counts the attempts in flight when a success settles: it clears only the failures already settled", async () => {
    const w = world();
    const now = w.deps.clock.now();
    for (let i = 0; i < 2; i++) await w.attempt(`wrong-${i}`);
    // Two more guesses reserved and still being evaluated, then the owner's success settles.
    await w.deps.credentials.reserveAttempt("t1", "u1", now);
    await w.deps.credentials.reserveAttempt("t1", "u1", now);
    expect(w.counters()).toMatchObject({ failures: 4, pending: 2 });
    expect(await w.attempt("right")).toBe("passed");
    expect(w.counters()).toMatchObject({ failures: 2, pending: 2 });
  });

  it("frees the places of evaluations that died once their lease ends, without locking anyone", async () => {
    const w = world();
    const now = w.deps.clock.now();
    await w.attempt("wrong-0");
    for (let i = 0; i < lockoutPolicy.threshold - 1; i++)
      await w.deps.credentials.reserveAttempt("t1", "u1", now);
    // Every place held by an evaluation that never settles: the next attempt waits, then gives up uncounted.
    const sleptBefore = w.deps.clock.sleeps.length;
    expect(await w.attempt("right")).toBe("busy");
    const slept = w.deps.clock.sleeps.slice(sleptBefore).reduce((a, b) => a + b, 0);
    expect(slept).toBeGreaterThanOrEqual(busyWait.totalMs);
    expect(w.counters()).toMatchObject({ failures: lockoutPolicy.threshold, pending: 4 });
    // After the lease, the dead ones are dropped and the settled failure stays counted.
    w.deps.clock.set(new Date(now.getTime() + lockoutPolicy.leaseSeconds * 1000));
    expect(await w.attempt("wrong-1")).toBe("failed");
    expect(w.counters()).toMatchObject({ failures: 2, pending: 0 });
    expect(await w.attempt("right")).toBe("passed");
    expect(w.counters()).toMatchObject({ failures: 0, pending: 0, lockouts: 0 });
  });

  it("keeps the dead places while the lease runs: a wrong guess then cannot be evaluated", async () => {
    const w = world();
    const now = w.deps.clock.now();
    for (let i = 0; i < lockoutPolicy.threshold; i++)
      await w.deps.credentials.reserveAttempt("t1", "u1", now);
    w.deps.clock.set(new Date(now.getTime() + lockoutPolicy.leaseSeconds * 1000 - busyWait.totalMs - 1_000));
    expect(await w.attempt("wrong")).toBe("busy");
    expect(w.deps.hasher.verifications).toBe(0);
  });
});

describe("the lease of an attempt in flight", () => {
  it("outlasts every HTTP function that may check a secret, so a live evaluation never loses its place", async () => {
    const { endpoints } = await import("../../../lib/endpoints/index.js");
    const longest = Math.max(...endpoints.map((e) => e.lambda.timeoutSeconds));
    expect(longest).toBeGreaterThan(0);
    expect(lockoutPolicy.leaseSeconds).toBeGreaterThan(longest);
  });
});
