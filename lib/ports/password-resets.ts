/** A user's current reset link (one at a time: a newer link replaces it) and the recent reset emails. */
export type ResetLinkRecord = {
  tenantId: string;
  userId: string;
  /** SHA-256 of the token; absent once the link was used. */
  tokenHash?: string;
  /** When the link stops working. */
  linkExpiresAt?: string;
  /** When reset emails went to this account recently (newest last), for the hourly limit. */
  sentAt: string[];
  /** The bulk job that issued the current link, so a redelivered chunk does not send it again. */
  issuedByJob?: string;
  version: number;
};

/** Reset links, stored only as hashes. */
export interface PasswordResetStore {
  get(tenantId: string, userId: string): Promise<ResetLinkRecord | undefined>;
  /**
   * Stores a new link in place of the user's current one (which stops working), if the record is still at
   * `record.version - 1` (0: none). False when someone else changed it meanwhile.
   */
  replace(record: ResetLinkRecord): Promise<boolean>;
  /** Uses the link up: true only for the current, unexpired link with this hash, and only once. */
  consume(tenantId: string, userId: string, tokenHash: string, now: Date): Promise<boolean>;
}

/** Ends every session of a user issued before a moment (sessions are stateless JWTs). */
export interface SessionRevocations {
  revokeAll(tenantId: string, userId: string, at: Date): Promise<void>;
  /** Sessions issued before this moment (epoch ms) are no longer accepted; undefined: none revoked. */
  revokedBefore(tenantId: string, userId: string): Promise<number | undefined>;
}
