import { randomUUID } from "node:crypto";
import type {
  PupilPinRecord,
  PupilPinStatusRecord,
  PupilPinStore,
  PupilPinWrite,
} from "../../lib/ports/pupil-pin-store.js";
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
    this.items.put("pupil-pin", tenantId, userId, {
      ...copy(record),
      revision: randomUUID(),
      failures: 0,
      lockouts: 0,
    });
  }

  async writeIfUnchanged(tenantId: string, entries: readonly PupilPinWrite[]) {
    await tick();
    const written: string[] = [];
    for (const { userId, record, expected } of entries) {
      const item = this.items.get("pupil-pin", tenantId, userId);
      const unchanged = expected
        ? item !== undefined &&
          (expected.revision
            ? item.revision === expected.revision
            : item.revision === undefined && item.changedAt === expected.changedAt)
        : item === undefined;
      if (!unchanged) continue;
      this.items.put("pupil-pin", tenantId, userId, {
        ...copy(record),
        revision: randomUUID(),
        failures: 0,
        lockouts: 0,
      });
      written.push(userId);
    }
    return written;
  }
}

function statusOf(item: Record<string, unknown>): PupilPinStatusRecord {
  return {
    status: item.status as PupilPinStatusRecord["status"],
    source: item.source as PupilPinStatusRecord["source"],
    ...(typeof item.generation === "string" && { generation: item.generation }),
    changedAt: item.changedAt as string,
    changedBy: item.changedBy as string,
    ...(typeof item.revision === "string" && { revision: item.revision }),
  };
}
