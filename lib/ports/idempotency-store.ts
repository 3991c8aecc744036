/** A JSON value: what a first answer may be, so that it can be stored and replayed as it was. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One call with an idempotency key. */
export type IdempotentCall = {
  /** The verified principal's tenant: keys of different tenants never meet. */
  tenantId: string;
  /** The route and the caller (`<route>#<actor>`): a key is the caller's own on one route. */
  scope: string;
  /** The client's key, as sent (stored only as a digest). */
  key: string;
  /** What the request asks (`requestFingerprint`), stored only as a digest. */
  fingerprint: unknown;
  /**
   * How long the first call may hold the key "in progress" (the function's timeout): after that, a crashed or
   * timed-out first call no longer blocks the key.
   */
  leaseMs: number;
};

/**
 * Runs work at most once per (tenant, scope, key) while the key is kept (`idempotencyRetentionSeconds`, every read
 * checks the expiry itself). The same fingerprint again gets the first result with `replayed: true`; another
 * fingerprint throws `IdempotencyKeyReusedError`; a call while the first still runs throws
 * `IdempotencyInProgressError`. When work throws, the key is released (nothing is kept) and the error passes on.
 */
export interface IdempotencyStore {
  once<T extends Json>(
    call: IdempotentCall,
    work: () => Promise<T>,
  ): Promise<{ value: T; replayed: boolean }>;
}
