import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "../../domain/audit.js";
import type { AuditLog } from "../../ports/audit-log.js";
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

  async forUser(tenantId: string, userId: string, page: { limit: number; cursor?: string }) {
    const pk = keys.userPartition(tenantId, userId);
    return this.list(pk, keys.userEventPrefix, page);
  }

  async forTenant(tenantId: string, page: { limit: number; cursor?: string }) {
    return this.list(keys.tenantEvents(tenantId), undefined, page);
  }

  private async list(pk: string, prefix: string | undefined, page: { limit: number; cursor?: string }) {
    const result = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: prefix ? "pk = :p AND begins_with(sk, :s)" : "pk = :p",
        ExpressionAttributeValues: { ":p": pk, ...(prefix ? { ":s": prefix } : {}) },
        ScanIndexForward: false,
      },
      page.limit,
      page.cursor,
      (key) => key.pk === pk && (!prefix || String(key.sk).startsWith(prefix)),
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
