import type { AttemptState } from "../domain/lockout.js";

/**
 * The user's own password, the temporary one an admin handed out, the SSO PIN, an early-years pupil's PIN, or the
 * PIN code others sign up with, or the codes of an owner's authenticators and recovery codes (each has its own
 * counters).
 */
/**
 * `totp` counts the codes of sign-in and device management; `totp-enrol` the codes confirming a new device, apart, so
 * failing confirmations (anyone with a basic session can) never locks the owner out of signing in.
 */
export type CredentialKind =
  | "password"
  | "temporary"
  | "sso-pin"
  | "pupil-pin"
  | "pin-code"
  | "totp"
  | "totp-enrol";

export type PasswordCredential = { hash: string; attempts: AttemptState; changedAt: string };

/**
 * A reservation on a credential whose hash is kept on its counter item: `reserved` with that hash; `locked` or
 * `busy` (nothing counted); `absent` (nothing counted) when there is no item or it holds no hash.
 */
export type HashReservation =
  | { outcome: "reserved"; hash: string }
  | { outcome: "locked" }
  | { outcome: "busy" }
  | { outcome: "absent" };

/**
 * Hashed credentials and their brute-force counters. `reserveAttempt` counts an attempt *before* the secret is
 * evaluated, atomically, so parallel guesses cannot exceed the lockout threshold; the attempt is in flight until
 * `recordSuccess` or `recordFailure` settles it. A counter full only of attempts in flight answers `busy`: try
 * again shortly (one of them may be the owner's success, which frees the places).
 */
export interface CredentialStore {
  getPassword(tenantId: string, userId: string): Promise<PasswordCredential | undefined>;
  setPassword(tenantId: string, userId: string, hash: string, now: Date): Promise<void>;
  /**
   * Replaces the password's hash by one of the same password under the current pepper, only while the stored hash
   * is still `previous` (a password changed meanwhile wins); counters and `changedAt` stay as they are.
   */
  rehashPassword(tenantId: string, userId: string, previous: string, hash: string): Promise<void>;
  /** Counts one attempt in flight; `locked` or `busy` (nothing counted) when locked or at the threshold. */
  reserveAttempt(
    tenantId: string,
    userId: string,
    now: Date,
    kind?: CredentialKind,
  ): Promise<"reserved" | "locked" | "busy">;
  /**
   * `reserveAttempt` for a credential whose hash lives on its counter item (SSO and pupil PINs): counts one attempt
   * only while the item holds a hash, and returns that hash from the same atomic write — one round trip instead of
   * a read and a write. Same lockout rules as `reserveAttempt`.
   */
  reserveAttemptWithHash(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind,
  ): Promise<HashReservation>;
  /** Settles a reserved attempt that passed: clears settled failures and any lock; others in flight stay counted. */
  recordSuccess(tenantId: string, userId: string, kind?: CredentialKind): Promise<void>;
  /** Settles a reserved attempt that failed; locks when the threshold is reached with nothing left in flight. */
  recordFailure(tenantId: string, userId: string, now: Date, kind?: CredentialKind): Promise<void>;
}
