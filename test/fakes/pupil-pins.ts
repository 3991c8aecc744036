import type { PupilPinRecord, PupilPinStatusRecord, PupilPinStore } from "../../lib/ports/pupil-pin-store.js";
import type { CredentialItems } from "./credentials.js";
import { copy, tick } from "./support.js";

/** `DynamoPupilPinStore` in memory, on the shared credential items (kind `pupil-pin`, counters on the item). */
export class FakePupilPinStore implements PupilPinStore {
  constructor(private readonly items: CredentialItems) {}

  async get(tenantId: string, userId: string): Promise<PupilPinRecord | undefined> {
    await tick();
    const item = this.items.get("pupil-pin", tenantId, userId);
    return item ? { ...statusOf(item), hash: item.hash as string } : undefined;
  }

  async statusesOf(tenantId: string, userIds: readonly string[]) {
    await tick();
    return new Map(
      userIds.flatMap((userId) => {
        const item = this.items.get("pupil-pin", tenantId, userId);
        return item ? [[userId, statusOf(item)] as const] : [];
      }),
    );
  }

  async put(tenantId: string, userId: string, record: PupilPinRecord): Promise<void> {
    await tick();
    this.items.put("pupil-pin", tenantId, userId, { ...copy(record), failures: 0, lockouts: 0 });
  }

  async createMissing(tenantId: string, entries: readonly { userId: string; record: PupilPinRecord }[]) {
    await tick();
    const created: string[] = [];
    for (const { userId, record } of entries) {
      if (this.items.get("pupil-pin", tenantId, userId)) continue;
      this.items.put("pupil-pin", tenantId, userId, { ...copy(record), failures: 0, lockouts: 0 });
      created.push(userId);
    }
    return created;
  }
}

function statusOf(item: Record<string, unknown>): PupilPinStatusRecord {
  return {
    status: item.status as PupilPinStatusRecord["status"],
    source: item.source as PupilPinStatusRecord["source"],
    ...(typeof item.generation === "string" && { generation: item.generation }),
    changedAt: item.changedAt as string,
    changedBy: item.changedBy as string,
  };
}
