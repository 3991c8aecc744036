import type { KeyRing } from "../domain/key-ring.js";

/**
 * Keys kept outside the table: the password pepper and the session signing key, each a ring of ids (`KeyRing`) so
 * they rotate without breaking what the old key made.
 */
export interface SecretSource {
  pepper(): Promise<KeyRing>;
  sessionKey(): Promise<KeyRing>;
}
