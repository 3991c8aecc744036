import type { KeyRing } from "../domain/key-ring.js";

/**
 * Keys kept outside the table: the password pepper and the session signing key, each a ring of ids (`KeyRing`) so
 * they rotate without breaking what the old key made.
 */
export interface SecretSource {
  pepper(options?: ReadOptions): Promise<KeyRing>;
  sessionKey(options?: ReadOptions): Promise<KeyRing>;
}

/**
 * `fresh`: read the stored ring again rather than this environment's cached copy, for a key id the copy does not
 * list — during a rotation another environment may already use a newer ring. Sources bound how often (an attacker
 * can send any key id).
 */
export type ReadOptions = { fresh?: boolean };
