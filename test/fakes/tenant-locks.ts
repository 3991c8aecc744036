import type { TenantLocks } from "../../lib/ports/tenant-locks.js";
import { tick } from "./support.js";

/** `DynamoTenantLocks` in memory: a lock past its `expiresAt` (epoch seconds) is free, as the adapter treats it. */
export class FakeTenantLocks implements TenantLocks {
  private readonly locks = new Map<string, { holder: string; expiresAt: number }>();

  async acquire(tenantId: string, name: string, holder: string, now: Date, ttlSeconds: number) {
    await tick();
    const epoch = Math.floor(now.getTime() / 1000);
    const current = this.locks.get(`${tenantId}|${name}`);
    if (current && current.expiresAt > epoch) return false;
    this.locks.set(`${tenantId}|${name}`, { holder, expiresAt: epoch + ttlSeconds });
    return true;
  }

  async release(tenantId: string, name: string, holder: string): Promise<void> {
    await tick();
    if (this.locks.get(`${tenantId}|${name}`)?.holder === holder) this.locks.delete(`${tenantId}|${name}`);
  }

  async holder(tenantId: string, name: string, now: Date): Promise<string | undefined> {
    await tick();
    const current = this.locks.get(`${tenantId}|${name}`);
    return current && current.expiresAt > now.getTime() / 1000 ? current.holder : undefined;
  }
}
