import type { CredentialKind } from "../ports/credential-store.js";
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
 * counted) · `absent` (a counter item without a hash: nothing to evaluate, nothing counted) · `unknown` (no
 * credential at all).
 */
export type LockoutOutcome = "passed" | "failed" | "locked" | "absent" | "unknown";

/**
 * Checks a secret under the brute-force lockout — the one sequence every password and PIN check follows:
 * 1. No credential (`target` undefined): hash the secret anyway, so the answer takes as long as a wrong one.
 * 2. Reserve an attempt atomically before evaluating anything: however many guesses arrive at once, at most the
 *    lockout threshold are evaluated; a locked credential (or one at the threshold) is refused uncounted and
 *    unevaluated (hashing anyway unless `burnWhenLocked` is false — an answer that says "locked" hides nothing).
 *    A counter item without a hash is `absent` (hashing anyway unless `burnWhenAbsent` is false).
 * 3. Evaluate the secret; a failure is recorded (the failure that reaches the threshold locks), a success resets
 *    the counters.
 * Callers turn the outcome into their own answer (the same error for every failure, or machine-readable
 * outcomes) and keep their own timing floors.
 */
export async function verifyWithLockout(
  deps: Pick<Deps, "credentials" | "hasher">,
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
  let hash: string | undefined;
  if ("hashOnCounter" in target) {
    const reservation = await credentials.reserveAttemptWithHash(tenantId, userId, now, target.kind);
    if (reservation.outcome === "locked") return refuse("locked", options.burnWhenLocked);
    if (reservation.outcome === "absent") return refuse("absent", options.burnWhenAbsent);
    hash = reservation.hash;
  } else {
    if ((await credentials.reserveAttempt(tenantId, userId, now, ...kinded)) === "locked") {
      return refuse("locked", options.burnWhenLocked);
    }
    if ("hash" in target) hash = target.hash;
  }
  const valid =
    "matches" in target ? await target.matches(secret) : await deps.hasher.verify(hash ?? "", secret);
  if (!valid) {
    await credentials.recordFailure(tenantId, userId, now, ...kinded);
    return "failed";
  }
  await credentials.recordSuccess(tenantId, userId, ...kinded);
  return "passed";
}
