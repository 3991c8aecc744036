/** Keyed argon2id: the pepper lives outside the table, so a table dump alone cannot be brute-forced. */
export interface PasswordHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
  /** Spends the time of one verification; used when there is no account, so timing reveals nothing. */
  burn(secret: string): Promise<void>;
  /** Whether a stored hash was keyed with a pepper that is no longer the current one (rotation). */
  needsRehash(hash: string): Promise<boolean>;
}
