import type {
  LinkRecord,
  LinkStore,
  SessionRevocations,
  SessionState,
} from "../../lib/ports/password-resets.js";
import type { UserRepository } from "../../lib/ports/user-repository.js";
import { copy, tick } from "./support.js";

/**
 * `DynamoPasswordResetStore` or `DynamoEmailVerificationStore` in memory: versioned replace, and a link consumed
 * once, only before it expires.
 */
export class FakeLinkStore<R extends LinkRecord> implements LinkStore<R> {
  private readonly records = new Map<string, R>();

  async get(tenantId: string, userId: string): Promise<R | undefined> {
    await tick();
    const record = this.records.get(`${tenantId}|${userId}`);
    return record && copy(record);
  }

  async replace(record: R): Promise<boolean> {
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

/** `DynamoSessionRevocations` in memory; `state` reads the user from the fake user repository it is given. */
export class FakeSessionRevocations implements SessionRevocations {
  private readonly revoked = new Map<string, number>();
  private readonly signedOut = new Set<string>();

  constructor(private readonly users?: UserRepository) {}

  async revokeSession(tenantId: string, userId: string, sessionId: string, _expiresAt: Date): Promise<void> {
    await tick();
    this.signedOut.add(`${tenantId}|${userId}|${sessionId}`);
  }

  async state(tenantId: string, userId: string, sessionId: string, identity?: string): Promise<SessionState> {
    const user = await this.users?.get(tenantId, userId);
    const identityRevokedBefore = identity ? this.revoked.get(`~|${identity}`) : undefined;
    return {
      user: user && { status: user.status, roles: [...user.roles] },
      revokedBefore: this.revoked.get(`${tenantId}|${userId}`),
      signedOut: this.signedOut.has(`${tenantId}|${userId}|${sessionId}`),
      ...(identityRevokedBefore !== undefined && { identityRevokedBefore }),
    };
  }

  async revokeAll(tenantId: string, userId: string, at: Date): Promise<void> {
    await tick();
    this.revoked.set(`${tenantId}|${userId}`, at.getTime());
  }

  async revokedBefore(tenantId: string, userId: string): Promise<number | undefined> {
    await tick();
    return this.revoked.get(`${tenantId}|${userId}`);
  }
}
