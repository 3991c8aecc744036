import type { SsoPinRecord, SsoPinStore } from "../../lib/ports/sso-pin-store.js";
import type { CredentialItems } from "./credentials.js";
import { tick } from "./support.js";

/** `DynamoSsoPinStore` in memory, on the shared credential items (kind `sso-pin`, counters on the same item). */
export class FakeSsoPinStore implements SsoPinStore {
  private readonly usedStepUps = new Set<string>();

  constructor(private readonly items: CredentialItems) {}

  async get(tenantId: string, userId: string): Promise<SsoPinRecord | undefined> {
    await tick();
    const item = this.items.get("sso-pin", tenantId, userId);
    if (!item) return undefined;
    return {
      state: item.state as SsoPinRecord["state"],
      hash: item.hash as string | undefined,
      changedAt: item.changedAt as string | undefined,
      resetAt: item.resetAt as string | undefined,
      resetBy: item.resetBy as string | undefined,
    };
  }

  async reset(tenantId: string, userId: string, by: string, now: Date): Promise<void> {
    await tick();
    this.items.put("sso-pin", tenantId, userId, {
      state: "reset_pending",
      resetAt: now.toISOString(),
      resetBy: by,
      failures: 0,
      lockouts: 0,
    });
  }

  async set(tenantId: string, userId: string, hash: string, now: Date): Promise<boolean> {
    await tick();
    const current = this.items.get("sso-pin", tenantId, userId);
    if (current && current.state !== "reset_pending") return false;
    this.items.put("sso-pin", tenantId, userId, {
      state: "active",
      hash,
      changedAt: now.toISOString(),
      failures: 0,
      lockouts: 0,
    });
    return true;
  }

  async consumeStepUp(tenantId: string, tokenId: string, _expiresAt: Date): Promise<boolean> {
    await tick();
    const key = `${tenantId}\u0000${tokenId}`;
    if (this.usedStepUps.has(key)) return false;
    this.usedStepUps.add(key);
    return true;
  }
}
