/** A user's SSO PIN: its state and, once set, its keyed argon2id hash (never the PIN). */
export type SsoPinRecord = {
  state: "reset_pending" | "active";
  hash?: string;
  changedAt?: string;
  resetAt?: string;
  resetBy?: string;
};

/** SSO PINs, one per user; attempt counters live on the same item (see `CredentialStore`, kind `sso-pin`). */
export interface SsoPinStore {
  get(tenantId: string, userId: string): Promise<SsoPinRecord | undefined>;
  /** Drops the current PIN at once (and its counters): the user must set a new one. */
  reset(tenantId: string, userId: string, by: string, now: Date): Promise<void>;
  /** Stores a new PIN only while none is set or a reset is pending; false otherwise (nothing written). */
  set(tenantId: string, userId: string, hash: string, now: Date): Promise<boolean>;
  /**
   * Marks a step-up token as used, once: true for the first call with this token id, false for every later one
   * (a conditional write, so of two at once exactly one wins). The mark expires with the token.
   */
  consumeStepUp(tenantId: string, tokenId: string, expiresAt: Date): Promise<boolean>;
}
