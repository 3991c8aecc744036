import type { TemporaryCredential } from "../domain/temporary-password.js";

/** Sealed temporary passwords, one per user (a newer one replaces the older). */
export interface TemporaryPasswordStore {
  /** The user's temporary credential, expired or not (callers check `expiresAt`). */
  get(tenantId: string, userId: string): Promise<TemporaryCredential | undefined>;
  /** Credentials by user id; users without one are absent. */
  getMany(tenantId: string, userIds: readonly string[]): Promise<Map<string, TemporaryCredential>>;
  /** Writes many at once (a bulk job's work chunk): idempotent when the same credentials are written again. */
  putMany(credentials: readonly TemporaryCredential[]): Promise<void>;
  /**
   * An admin's individual reset: stores the credential and, in the same transaction, removes the user's own
   * password and marks the user unclaimed again.
   */
  reset(credential: TemporaryCredential): Promise<void>;
  /**
   * The user sets their own password: stores its hash, deletes the temporary credential (only if it is still
   * generation `generation`, and only while the user has no own password) and marks the user claimed, atomically.
   * False when the generation was replaced or the user set a password another way meanwhile.
   */
  claim(
    tenantId: string,
    userId: string,
    generation: string,
    passwordHash: string,
    now: Date,
  ): Promise<boolean>;
  /**
   * A reset by email: stores the user's new own password, deletes any temporary credential (so no new-password
   * challenge issued for it can be completed any more) and marks the user claimed, atomically.
   */
  replaceWithOwnPassword(tenantId: string, userId: string, passwordHash: string, now: Date): Promise<void>;
}
