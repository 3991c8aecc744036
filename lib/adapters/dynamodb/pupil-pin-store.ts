import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type {
  PupilPinRecord,
  PupilPinStatusRecord,
  PupilPinStore,
  PupilPinWrite,
} from "../../ports/pupil-pin-store.js";
import { mapLimit } from "../../shared/concurrency.js";
import { batchGet } from "./batch.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/** One `CRED#PUPILPIN` item per pupil beside the user item. */
export class DynamoPupilPinStore implements PupilPinStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, userId: string): Promise<PupilPinRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.pupilPinCredential(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? { ...statusOf(Item), hash: Item.hash as string } : undefined;
  }

  async statusesOf(tenantId: string, userIds: readonly string[]) {
    const items = await batchGet(
      this.db,
      this.tableName,
      userIds.map((u) => keys.pupilPinCredential(tenantId, u)),
      {
        projection: "userId, #status, #source, generation, changedAt, changedBy, revision",
        names: { "#status": "status", "#source": "source" },
      },
    );
    return new Map(items.map((i) => [i.userId as string, statusOf(i)]));
  }

  async put(tenantId: string, userId: string, record: PupilPinRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: item(tenantId, userId, record) }));
  }

  async writeIfUnchanged(tenantId: string, entries: readonly PupilPinWrite[]) {
    // Conditional puts, a few in flight: a batch write cannot be conditional, and a PIN a teacher changed
    // between the caller's read and this write must win.
    const written = await mapLimit(entries, 8, ({ userId, record, expected }) =>
      conditionally(
        this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item(tenantId, userId, record),
            ...unchangedSince(expected),
          }),
        ),
      ),
    );
    return entries.filter((_, i) => written[i]).map((e) => e.userId);
  }
}

/** The condition that the item is still the one read: its revision, or (older items) its last change. */
function unchangedSince(expected: PupilPinStatusRecord | undefined) {
  if (!expected) return { ConditionExpression: "attribute_not_exists(pk)" };
  if (expected.revision) {
    return {
      ConditionExpression: "revision = :revision",
      ExpressionAttributeValues: { ":revision": expected.revision },
    };
  }
  return {
    ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revision) AND changedAt = :changedAt",
    ExpressionAttributeValues: { ":changedAt": expected.changedAt },
  };
}

function item(tenantId: string, userId: string, record: PupilPinRecord) {
  return {
    ...keys.pupilPinCredential(tenantId, userId),
    userId,
    hash: record.hash,
    status: record.status,
    source: record.source,
    ...(record.generation && { generation: record.generation }),
    changedAt: record.changedAt,
    changedBy: record.changedBy,
    revision: randomUUID(),
    failures: 0,
    lockouts: 0,
  };
}

function statusOf(Item: Record<string, unknown>): PupilPinStatusRecord {
  return {
    status: Item.status as PupilPinStatusRecord["status"],
    source: Item.source as PupilPinStatusRecord["source"],
    ...(typeof Item.generation === "string" && { generation: Item.generation }),
    changedAt: Item.changedAt as string,
    changedBy: Item.changedBy as string,
    ...(typeof Item.revision === "string" && { revision: Item.revision }),
  };
}
