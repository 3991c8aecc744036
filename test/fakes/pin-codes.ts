import type { PinCodeHolder } from "../../lib/domain/model.js";
import { sourceWindowStart } from "../../lib/domain/pin-code.js";
import type {
  AssignOutcome,
  PinCodeRecord,
  PinCodeStore,
  SourceAttempts,
} from "../../lib/ports/pin-code-store.js";
import type { CredentialItems } from "./credentials.js";
import { copy, tick } from "./support.js";
import type { FakeUserRepository } from "./users.js";

/**
 * `DynamoPinCodeStore` in memory: the code on the shared credential items (kind `pin-code`), a handle → owner map,
 * and the user's PIN-code mark, changed together or not at all.
 */
export class FakePinCodeStore implements PinCodeStore {
  private readonly handles = new Map<string, string>();

  constructor(
    private readonly items: CredentialItems,
    private readonly users: FakeUserRepository,
  ) {}

  async get(tenantId: string, userId: string): Promise<PinCodeRecord | undefined> {
    await tick();
    const item = this.items.get("pin-code", tenantId, userId);
    if (!item) return undefined;
    const { handle, hash, assignedAt, assignedBy } = item as PinCodeRecord;
    return { handle, hash, assignedAt, assignedBy };
  }

  async ownerOf(tenantId: string, handle: string): Promise<string | undefined> {
    await tick();
    return this.handles.get(`${tenantId}|${handle}`);
  }

  async assign(
    tenantId: string,
    userId: string,
    code: { handle: string; hash: string },
    holder: PinCodeHolder,
    previousHandle: string | undefined,
  ): Promise<AssignOutcome> {
    await tick();
    if (this.handles.has(`${tenantId}|${code.handle}`)) return "handle-taken";
    const current = this.items.get("pin-code", tenantId, userId);
    const unchanged = previousHandle ? current?.handle === previousHandle : !current;
    if (!unchanged || !this.users.has(tenantId, userId)) return "changed";
    this.handles.set(`${tenantId}|${code.handle}`, userId);
    this.items.put("pin-code", tenantId, userId, { ...code, ...copy(holder), failures: 0, lockouts: 0 });
    this.users.change(tenantId, userId, (u) => {
      u.pinCode = copy(holder);
      u.version += 1;
    });
    if (previousHandle) this.handles.delete(`${tenantId}|${previousHandle}`);
    return "assigned";
  }

  async revoke(tenantId: string, userId: string, handle: string): Promise<boolean> {
    await tick();
    const current = this.items.get("pin-code", tenantId, userId);
    if (current?.handle !== handle || !this.users.has(tenantId, userId)) return false;
    this.items.delete("pin-code", tenantId, userId);
    this.handles.delete(`${tenantId}|${handle}`);
    this.users.change(tenantId, userId, (u) => {
      delete u.pinCode;
      u.version += 1;
    });
    return true;
  }
}

/** `DynamoSourceAttempts` in memory: a counter per tenant, source and fixed window. */
export class FakeSourceAttempts implements SourceAttempts {
  private readonly counts = new Map<string, number>();

  private key(tenantId: string, sourceHash: string, now: Date) {
    return `${tenantId}|${sourceHash}|${sourceWindowStart(now)}`;
  }

  async reserve(tenantId: string, sourceHash: string, now: Date, max: number): Promise<boolean> {
    await tick();
    const key = this.key(tenantId, sourceHash, now);
    const count = this.counts.get(key) ?? 0;
    if (count >= max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  async release(tenantId: string, sourceHash: string, now: Date): Promise<void> {
    await tick();
    const key = this.key(tenantId, sourceHash, now);
    const count = this.counts.get(key) ?? 0;
    if (count > 0) this.counts.set(key, count - 1);
  }
}
