/**
 * Brute-force protection shared by passwords and PINs: after `threshold` consecutive failures the credential is
 * locked for a wait that doubles with each lockout, capped. Time is passed in (epoch milliseconds).
 */
export const lockoutPolicy = { threshold: 5, firstLockSeconds: 60, maxLockSeconds: 15 * 60 } as const;

export type AttemptState = {
  /** Failed (or in-flight) attempts since the last success or lockout. */
  failures: number;
  /** Lockouts since the last success; drives the doubling. */
  lockouts: number;
  lockedUntil?: number;
  /** When the last attempt was reserved (epoch ms). */
  lastAttemptAt?: number;
};

export const freshAttempts: AttemptState = { failures: 0, lockouts: 0 };

export function lockSeconds(lockouts: number): number {
  return Math.min(lockoutPolicy.firstLockSeconds * 2 ** lockouts, lockoutPolicy.maxLockSeconds);
}

export function isLocked(state: AttemptState, now: number): boolean {
  return state.lockedUntil !== undefined && state.lockedUntil > now;
}

/** Whether this failure (already counted in `failuresAfter`) starts a lockout. */
export function failureLocks(failuresAfter: number): boolean {
  return failuresAfter >= lockoutPolicy.threshold;
}

/** The state after a failure that reached the threshold: locked, counter reset. */
export function lockedState(state: AttemptState, now: number): AttemptState {
  return { failures: 0, lockouts: state.lockouts + 1, lockedUntil: now + lockSeconds(state.lockouts) * 1000 };
}

/**
 * A counter at the threshold with no lock means the attempt that reached it never recorded its outcome (it
 * crashed in between). Once the longest lock has passed since that attempt, counting starts afresh instead of the
 * credential staying locked for good.
 */
export function isStrandedAtThreshold(state: AttemptState, now: number): boolean {
  return (
    state.failures >= lockoutPolicy.threshold &&
    !isLocked(state, now) &&
    (state.lastAttemptAt ?? 0) <= now - lockoutPolicy.maxLockSeconds * 1000
  );
}
