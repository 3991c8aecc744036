import type {
  PasswordResetStore,
  ResetLinkRecord,
  SessionRevocations,
} from "../../lib/ports/password-resets.js";
import { copy, tick } from "./support.js";

/** `DynamoPasswordResetStore` in memory: versioned replace, and a link consumed once, only before it expires. */
export class FakePasswordResetStore implements PasswordResetStore {
  private readonly records = new Map<string, ResetLinkRecord>();

  async get(tenantId: string, userId: string): Promise<ResetLinkRecord | undefined> {
    await tick();
    const record = this.records.get(`${tenantId}|${userId}`);
    return record && copy(record);
  }

  async replace(record: ResetLinkRecord): Promise<boolean> {
    await tick();
    const key = `${record.tenantId}|${record.userId}`;
    const current = this.records.get(key);
    const expected = record.version === 1 ? current === undefined : current?.version === record.version - 1;
    if (!expected) return false;
    this.records.set(key, copy(record));
    return true;
  }

  async consume(tenantId: string, userId: string, tokenHash: string, now: Date): Promise<boolean> {
    await tick();
    const record = this.records.get(`${tenantId}|${userId}`);
    if (!record?.linkExpiresAt || record.tokenHash !== tokenHash) return false;
    if (record.linkExpiresAt <= now.toISOString()) return false;
    delete record.tokenHash;
    delete record.linkExpiresAt;
    record.version += 1;
    return true;
  }
}

/** `DynamoSessionRevocations` in memory. */
export class FakeSessionRevocations implements SessionRevocations {
  private readonly revoked = new Map<string, number>();

  async revokeAll(tenantId: string, userId: string, at: Date): Promise<void> {
    await tick();
    this.revoked.set(`${tenantId}|${userId}`, at.getTime());
  }

  async revokedBefore(tenantId: string, userId: string): Promise<number | undefined> {
    await tick();
    return this.revoked.get(`${tenantId}|${userId}`);
  }
}
