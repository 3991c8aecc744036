import type { TemporaryCredential } from "../../lib/domain/temporary-password.js";
import type { TemporaryPasswordStore } from "../../lib/ports/temporary-password-store.js";
import { type CredentialItems, passwordItem } from "./credentials.js";
import { conditionFailed, copy, tick } from "./support.js";
import type { FakeUserRepository } from "./users.js";

/**
 * `DynamoTemporaryPasswordStore` in memory, on the shared credential items (kind `temporary`, so the sign-in
 * counters live on the credential and start again with each generation). `reset` and `claim` change the user item
 * in the same step, all or nothing, as the adapter's transactions do.
 */
export class FakeTemporaryPasswordStore implements TemporaryPasswordStore {
  constructor(
    private readonly items: CredentialItems,
    private readonly users: FakeUserRepository,
  ) {}

  async get(tenantId: string, userId: string): Promise<TemporaryCredential | undefined> {
    await tick();
    return this.read(tenantId, userId);
  }

  private read(tenantId: string, userId: string): TemporaryCredential | undefined {
    const item = this.items.get("temporary", tenantId, userId);
    if (!item) return undefined;
    const { failures: _f, lockouts: _l, lockedUntil: _u, lastAttemptAt: _a, ...credential } = copy(item);
    return credential as TemporaryCredential;
  }

  async getMany(tenantId: string, userIds: readonly string[]) {
    await tick();
    return new Map(
      userIds.flatMap((userId) => {
        const credential = this.read(tenantId, userId);
        return credential ? [[userId, credential] as const] : [];
      }),
    );
  }

  async putMany(credentials: readonly TemporaryCredential[]): Promise<void> {
    await tick();
    for (const c of credentials) this.items.put("temporary", c.tenantId, c.userId, { ...c });
  }

  async reset(credential: TemporaryCredential): Promise<void> {
    await tick();
    const { tenantId, userId } = credential;
    const unclaimed = this.users.change(tenantId, userId, (u) => {
      delete u.claimedAt;
      u.version += 1;
    });
    if (!unclaimed) throw conditionFailed();
    this.items.put("temporary", tenantId, userId, { ...credential });
    this.items.delete("password", tenantId, userId);
  }

  async claim(tenantId: string, userId: string, generation: string, passwordHash: string, now: Date) {
    await tick();
    const current = this.items.get("temporary", tenantId, userId);
    if (current?.generation !== generation) return false;
    if (this.items.get("password", tenantId, userId)?.hash) return false;
    const claimed = this.users.change(tenantId, userId, (u) => {
      u.claimedAt ??= now.toISOString();
      u.version += 1;
    });
    if (!claimed) return false;
    this.items.delete("temporary", tenantId, userId);
    this.items.put("password", tenantId, userId, passwordItem(passwordHash, now));
    return true;
  }

  async replaceWithOwnPassword(tenantId: string, userId: string, passwordHash: string, now: Date) {
    await tick();
    const claimed = this.users.change(tenantId, userId, (u) => {
      u.claimedAt ??= now.toISOString();
      u.version += 1;
    });
    if (!claimed) throw conditionFailed();
    this.items.delete("temporary", tenantId, userId);
    this.items.put("password", tenantId, userId, passwordItem(passwordHash, now));
  }
}
