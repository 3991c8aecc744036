/**
 * The lockout guarantees every secret check gives (sign-in, pupil sign-in, SSO PIN verify), written once and run
 * against each use case with the in-memory fakes.
 */
import { expect, it } from "vitest";
import { lockoutPolicy } from "../../../lib/domain/lockout.js";
import type { CredentialKind } from "../../../lib/ports/credential-store.js";
import type { FakeDeps } from "../../fakes/index.js";

/** What one attempt came to: let in, refused (wrong, or locked but not saying so), or told it is locked. */
export type AttemptOutcome = "ok" | "refused" | "locked";

export type LockoutSubject = {
  deps: FakeDeps;
  tenantId: string;
  userId: string;
  kind: CredentialKind;
  right: string;
  wrong: string;
  attempt(secret: string): Promise<AttemptOutcome>;
};

export function lockoutContract(setup: () => Promise<LockoutSubject>) {
  const counters = (s: LockoutSubject) => s.deps.credentialItems.attempts(s.kind, s.tenantId, s.userId);

  /** Five failures; the lock's end and the time of the failure that started it. */
  async function lockOut(s: LockoutSubject) {
    for (let i = 1; i < lockoutPolicy.threshold; i++) expect(await s.attempt(s.wrong)).toBe("refused");
    const lockedAt = s.deps.clock.now().getTime();
    expect(await s.attempt(s.wrong)).toBe("refused");
    const lockedUntil = counters(s)?.lockedUntil as number;
    expect(lockedUntil).toBeGreaterThan(lockedAt);
    return { lockedAt, lockedUntil };
  }

  it("locks after 5 consecutive failures: the right secret is then refused without being evaluated", async () => {
    const s = await setup();
    await lockOut(s);
    const evaluated = s.deps.hasher.verifications;
    expect(await s.attempt(s.right)).not.toBe("ok");
    expect(s.deps.hasher.verifications).toBe(evaluated);
  });

  it("neither counts nor lets through attempts made while locked", async () => {
    const s = await setup();
    const { lockedUntil } = await lockOut(s);
    const evaluated = s.deps.hasher.verifications;
    for (let i = 0; i < 10; i++) expect(await s.attempt(i % 2 ? s.right : s.wrong)).not.toBe("ok");
    expect(s.deps.hasher.verifications).toBe(evaluated);
    expect(counters(s)).toMatchObject({ failures: 0, lockouts: 1, lockedUntil });
    // Once the lock ends, four more failures still leave the right secret working: nothing was counted meanwhile.
    s.deps.clock.set(new Date(lockedUntil));
    for (let i = 0; i < lockoutPolicy.threshold - 1; i++) expect(await s.attempt(s.wrong)).toBe("refused");
    expect(await s.attempt(s.right)).toBe("ok");
  });

  it("ends the lock on schedule: one minute, then twice as long after the next five failures", async () => {
    const s = await setup();
    const first = await lockOut(s);
    expect(first.lockedUntil - first.lockedAt).toBe(60_000);
    s.deps.clock.set(new Date(first.lockedUntil - 1));
    expect(await s.attempt(s.right)).not.toBe("ok");
    s.deps.clock.set(new Date(first.lockedUntil));
    const second = await lockOut(s);
    expect(second.lockedUntil - second.lockedAt).toBe(120_000);
    s.deps.clock.set(new Date(second.lockedUntil - 1));
    expect(await s.attempt(s.right)).not.toBe("ok");
    s.deps.clock.set(new Date(second.lockedUntil));
    expect(await s.attempt(s.right)).toBe("ok");
  });

  it("evaluates at most 5 secrets for 100 parallel wrong guesses, and locks", async () => {
    const s = await setup();
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => s.attempt(s.wrong)));
    expect(outcomes.every((o) => o !== "ok")).toBe(true);
    expect(s.deps.hasher.verifications).toBeLessThanOrEqual(lockoutPolicy.threshold);
    expect(s.deps.hasher.verifications).toBeGreaterThan(0);
    expect(await s.attempt(s.right)).not.toBe("ok");
    expect(counters(s)?.lockedUntil).toBeDefined();
  });

  it("starts counting again after a success", async () => {
    const s = await setup();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < lockoutPolicy.threshold - 1; i++) expect(await s.attempt(s.wrong)).toBe("refused");
      expect(await s.attempt(s.right)).toBe("ok");
    }
    expect(counters(s)).toMatchObject({ failures: 0, lockouts: 0 });
    expect(counters(s)?.lockedUntil).toBeUndefined();
  });
}
