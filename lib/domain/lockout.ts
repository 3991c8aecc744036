/**
 * Brute-force protection shared by passwords and PINs: after `threshold` consecutive failures the credential is
 * locked for a wait that doubles with each lockout, capped. Time is passed in (epoch milliseconds).
 *
 * At most `threshold` attempts are counted at once — settled failures plus attempts still being evaluated — so
 * however many guesses arrive together, no more than `threshold` are ever evaluated between two of the owner's
 * successes or before a lock. An attempt in flight holds its place for `leaseSeconds` at most (longer than any
 * HTTP function may run: 29 s), so one whose evaluation died never locks anyone.
 */
export const lockoutPolicy = {
  threshold: 5,
  firstLockSeconds: 60,
  maxLockSeconds: 15 * 60,
  leaseSeconds: 60,
} as const;

export type AttemptState = {
  /** Failed or in-flight attempts since the last success or lockout (in-flight ones are also in `pending`). */
  failures: number;
  /** Attempts reserved and still being evaluated: counted in `failures` until they settle. */
  pending?: number;
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

/**
 * Whether a just-settled failure locks: the threshold is reached and nothing is in flight any more (an attempt
 * still being evaluated may be the owner's right secret, whose success must reset the counters instead).
 */
export function settledFailureLocks(stateAfter: AttemptState): boolean {
  return failureLocks(stateAfter.failures) && (stateAfter.pending ?? 0) <= 0;
}

/**
 * Whether an attempt refused a place should wait and try again, given the counter as read after the refusal:
 * unless it is locked, stranded or past its lease, or at the threshold with nothing in flight (the lock is being
 * written), its places are held by attempts in flight (one may be the owner's success, which frees them) or were
 * freed since the refusal.
 */
export function isBusy(state: AttemptState, now: number): boolean {
  const settledAtThreshold = state.failures >= lockoutPolicy.threshold && (state.pending ?? 0) <= 0;
  return !isLocked(state, now) && !settledAtThreshold && reclaimedFailures(state, now) === undefined;
}

/**
 * When a full counter may start again, the settled failures it keeps (the next attempt counts on top of them):
 * attempts in flight past their lease are dropped (their evaluation died, and its answer never reached anyone),
 * a counter stranded at the threshold restarts from nothing. Undefined when the counter must stay as it is.
 */
export function reclaimedFailures(state: AttemptState, now: number): number | undefined {
  if (isLocked(state, now)) return undefined;
  const pending = state.pending ?? 0;
  if (pending > 0) {
    const expired = (state.lastAttemptAt ?? 0) <= now - lockoutPolicy.leaseSeconds * 1000;
    return expired ? Math.max(0, state.failures - pending) : undefined;
  }
  return isStrandedAtThreshold(state, now) ? 0 : undefined;
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
