import type { Sealed } from "../domain/secrets.js";

// Declared in the domain (records such as a temporary credential hold one); re-exported for the adapters.
export type { Sealed };

/**
 * Sealed storage for secrets an admin may need to read back while they are unclaimed (temporary passwords) or
 * the service must use later (TOTP seeds). AES-256-GCM under a data key; the additional authenticated data binds
 * a ciphertext to its owner (e.g. tenant + user + generation), so it cannot be replayed onto another record.
 */
export interface SecretBox {
  seal(plaintext: string, aad: string): Promise<Sealed>;
  /** Throws when the ciphertext, its key or its AAD do not match. */
  open(sealed: Sealed, aad: string): Promise<string>;
}

/** Issues and unwraps data keys (KMS `GenerateDataKey` / `Decrypt`, or a local master key). */
export interface DataKeySource {
  generate(): Promise<{ plaintext: Buffer; encrypted: string }>;
  decrypt(encrypted: string): Promise<Buffer>;
}
