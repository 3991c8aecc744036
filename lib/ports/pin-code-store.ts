import type { PinCodeHolder } from "../domain/model.js";

/** A user's PIN code as stored: its public handle and keyed argon2id hash (never the code). */
export type PinCodeRecord = { handle: string; hash: string; assignedAt: string; assignedBy: string };

/**
 * `assigned`; `handle-taken`: another code of the tenant has this handle (draw a new code); `changed`: the user's
 * code changed meanwhile or the user is gone. Nothing is written unless `assigned`.
 */
export type AssignOutcome = "assigned" | "handle-taken" | "changed";

/**
 * PIN codes, one per user, and the handle → owner lookup. Attempt counters live on the code's item (see
 * `CredentialStore`, kind `pin-code`) and start again with each new code.
 */
export interface PinCodeStore {
  get(tenantId: string, userId: string): Promise<PinCodeRecord | undefined>;
  /** The user whose current or former code has this handle (callers verify the code against the user's hash). */
  ownerOf(tenantId: string, handle: string): Promise<string | undefined>;
  /**
   * Atomically: claims the new handle, replaces the user's code (only if it still has `previousHandle`, or none),
   * releases the previous handle and marks the user a PIN-code user. The old code stops working at once.
   */
  assign(
    tenantId: string,
    userId: string,
    code: { handle: string; hash: string },
    holder: PinCodeHolder,
    previousHandle: string | undefined,
  ): Promise<AssignOutcome>;
  /** Atomically removes the code with this handle, its handle and the user's mark; false when it had changed. */
  revoke(tenantId: string, userId: string, handle: string): Promise<boolean>;
}

/** Failed attempts per source (a hashed client address) in fixed windows (the sign-up's per-source limit). */
export interface SourceAttempts {
  /** Counts one attempt in `now`'s window; false (nothing counted) when the window already holds `max`. */
  reserve(tenantId: string, sourceHash: string, now: Date, max: number): Promise<boolean>;
  /** Gives back an attempt reserved at `now` that turned out right. */
  release(tenantId: string, sourceHash: string, now: Date): Promise<void>;
}
