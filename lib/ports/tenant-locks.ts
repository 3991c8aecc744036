/**
 * Tenant-wide mutual exclusion (e.g. one password regeneration at a time). A lock expires, so a holder that is
 * lost (a crashed job) cannot wedge the tenant.
 */
export interface TenantLocks {
  /** True when taken: free, or held past its expiry. */
  acquire(tenantId: string, name: string, holder: string, now: Date, ttlSeconds: number): Promise<boolean>;
  /** Releases the lock if `holder` still holds it. */
  release(tenantId: string, name: string, holder: string): Promise<void>;
  holder(tenantId: string, name: string, now: Date): Promise<string | undefined>;
}
