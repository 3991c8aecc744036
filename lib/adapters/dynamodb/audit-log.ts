import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "../../domain/audit.js";
import type { AuditLog, AuditPage } from "../../ports/audit-log.js";
import { batchPut } from "./batch.js";
import { keys, withoutKeys } from "./keys.js";
import { queryPage } from "./paging.js";

/** User events live in the user's partition; tenant events in the tenant's audit partition. Newest first. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(event: AuditEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: toItem(event) }));
  }

  async recordMany(events: readonly AuditEvent[]): Promise<void> {
    await batchPut(this.db, this.tableName, events.map(toItem));
  }

  async forUser(tenantId: string, userId: string, page: AuditPage) {
    const pk = keys.userPartition(tenantId, userId);
    return this.list(pk, keys.userEventPrefix, page);
  }

  async forTenant(tenantId: string, page: AuditPage) {
    return this.list(keys.tenantEvents(tenantId), "", page);
  }

  /**
   * The sort key starts with the event's time (after the partition's prefix), so the time window is a key range
   * (`from` inclusive, `to` exclusive: an event at `to` sorts after the bare instant) and the kind a filter.
   */
  private async list(pk: string, prefix: string, page: AuditPage) {
    const low = `${prefix}${page.from ? new Date(page.from).toISOString() : "0"}`;
    const high = `${prefix}${page.to ? new Date(page.to).toISOString() : "~"}`;
    // `from` after `to` is an empty window; DynamoDB refuses such a BETWEEN (a 500 the fuzz test found).
    if (low > high) return { items: [], cursor: undefined };
    const result = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND sk BETWEEN :low AND :high",
        ...(page.kind && {
          FilterExpression: "#action = :kind",
          ExpressionAttributeNames: { "#action": "action" },
        }),
        ExpressionAttributeValues: {
          ":p": pk,
          ":low": low,
          ":high": high,
          ...(page.kind && { ":kind": page.kind }),
        },
        ScanIndexForward: false,
      },
      page.limit,
      page.cursor,
      // A cursor of another partition or outside this window (another filter's) is refused, not sent to DynamoDB.
      (key) => key.pk === pk && String(key.sk) >= low && String(key.sk) <= high,
    );
    return { items: result.items.map((i) => withoutKeys(i) as AuditEvent), cursor: result.cursor };
  }
}

function toItem(event: AuditEvent) {
  const key = event.userId
    ? keys.userEvent(event.tenantId, event.userId, event.at, event.eventId)
    : keys.tenantEvent(event.tenantId, event.at, event.eventId);
  return { ...key, ...event };
}
