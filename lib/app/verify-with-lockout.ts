import type { CredentialKind, HashReservation } from "../ports/credential-store.js";
import type { Deps } from "./deps.js";

/**
 * The credential a secret is checked against, with the counters that limit guessing it (`kind`; the user's own
 * password when unset). The expected secret is one of:
 * - `hash`: a keyed argon2id hash read beforehand (a password, a pupil's PIN);
 * - `matches`: a comparison of its own (a sealed temporary password), run only once an attempt is reserved;
 * - `hashOnCounter`: the hash kept on the counter item (SSO PINs, PIN codes), returned by the reservation itself.
 */
export type LockoutTarget = { tenantId: string; userId: string } & (
  | { kind?: CredentialKind; hash: string }
  | { kind?: CredentialKind; matches: (secret: string) => Promise<boolean> }
  | { kind: CredentialKind; hashOnCounter: true }
);

/**
 * `passed` (counters reset) · `failed` (counted; may start a lock) · `locked` (no attempt reserved, nothing
 * counted) · `busy` (other attempts kept every place for longer than `busyWaitMs`: nothing counted) · `absent` (a
 * counter item without a hash: nothing to evaluate, nothing counted) · `unknown` (no credential at all).
 */
export type LockoutOutcome = "passed" | "failed" | "locked" | "busy" | "absent" | "unknown";

/**
 * How long an attempt waits, at most, for a place while the counter is full of attempts in flight, and the first
 * pause (doubling, capped). An evaluation takes tens of milliseconds, so a burst of the owner's own right
 * attempts all pass; a burst of wrong guesses ends in a lock, which ends the wait at once.
 */
export const busyWait = { totalMs: 3_000, firstMs: 20, maxMs: 250 } as const;

/**
 * Checks a secret under the brute-force lockout — the one sequence every password and PIN check follows:
 * 1. No credential (`target` undefined): hash the secret anyway, so the answer takes as long as a wrong one.
 * 2. Reserve an attempt atomically before evaluating anything: settled failures plus attempts in flight never pass
 *    the lockout threshold, so however many guesses arrive at once (right and wrong mixed), at most the threshold
 *    are evaluated between two successes or before a lock. A locked credential is refused uncounted and
 *    unevaluated (hashing anyway unless `burnWhenLocked` is false — an answer that says "locked" hides nothing).
 *    A counter full only of attempts in flight is busy: wait (`busyWait`) and try again, so the owner's right
 *    secret sent several times at once is not refused for its own attempts. A counter item without a hash is
 *    `absent` (hashing anyway unless `burnWhenAbsent` is false).
 * 3. Evaluate the secret and settle the attempt: a failure stays counted (the last one at the threshold locks), a
 *    success clears the settled failures.
 * Callers turn the outcome into their own answer (the same error for every failure, or machine-readable
 * outcomes) and keep their own timing floors.
 */
export async function verifyWithLockout(
  deps: Pick<Deps, "credentials" | "hasher" | "clock">,
  target: LockoutTarget | undefined,
  secret: string,
  now: Date,
  options: { burnWhenLocked?: boolean; burnWhenAbsent?: boolean } = {},
): Promise<LockoutOutcome> {
  const refuse = async (outcome: LockoutOutcome, burn = true) => {
    if (burn) await deps.hasher.burn(secret);
    return outcome;
  };
  if (!target) return refuse("unknown");
  const { credentials } = deps;
  const { tenantId, userId, kind } = target;
  // The counters' kind is passed only when set, exactly as the store's optional argument expects.
  const kinded = kind === undefined ? ([] as const) : ([kind] as const);
  const reserve = async (): Promise<HashReservation> => {
    if ("hashOnCounter" in target)
      return credentials.reserveAttemptWithHash(tenantId, userId, now, target.kind);
    const outcome = await credentials.reserveAttempt(tenantId, userId, now, ...kinded);
    return outcome === "reserved" ? { outcome, hash: "hash" in target ? target.hash : "" } : { outcome };
  };
  let reservation = await reserve();
  let pause: number = busyWait.firstMs;
  for (let waited = 0; reservation.outcome === "busy" && waited < busyWait.totalMs; ) {
    await deps.clock.sleep(pause);
    waited += pause;
    pause = Math.min(pause * 2, busyWait.maxMs);
    reservation = await reserve();
  }
  if (reservation.outcome === "locked") return refuse("locked", options.burnWhenLocked);
  if (reservation.outcome === "absent") return refuse("absent", options.burnWhenAbsent);
  if (reservation.outcome === "busy") return refuse("busy");
  const hash = reservation.hash;
  const valid = "matches" in target ? await target.matches(secret) : await deps.hasher.verify(hash, secret);
  if (!valid) {
    await credentials.recordFailure(tenantId, userId, now, ...kinded);
    return "failed";
  }
  await credentials.recordSuccess(tenantId, userId, ...kinded);
  return "passed";
}
