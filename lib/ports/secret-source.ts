/** Keys kept outside the table: the password pepper and the session signing key. */
export interface SecretSource {
  pepper(): Promise<Buffer>;
  sessionKey(): Promise<Uint8Array>;
}
