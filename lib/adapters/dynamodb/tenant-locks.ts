import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { TenantLocks } from "../../ports/tenant-locks.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/** One item per tenant and lock name, beside the tenant item; `expiresAt` is also the table's TTL. */
export class DynamoTenantLocks implements TenantLocks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acquire(tenantId: string, name: string, holder: string, now: Date, ttlSeconds: number) {
    const epoch = Math.floor(now.getTime() / 1000);
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.lock(tenantId, name), holder, expiresAt: epoch + ttlSeconds },
          // DynamoDB deletes expired items late: an expired lock is free.
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
          ExpressionAttributeValues: { ":now": epoch },
        }),
      ),
    );
  }

  async release(tenantId: string, name: string, holder: string): Promise<void> {
    await conditionally(
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.lock(tenantId, name),
          ConditionExpression: "holder = :holder",
          ExpressionAttributeValues: { ":holder": holder },
        }),
      ),
    );
  }

  async holder(tenantId: string, name: string, now: Date): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lock(tenantId, name), ConsistentRead: true }),
    );
    return Item && Number(Item.expiresAt) > now.getTime() / 1000 ? (Item.holder as string) : undefined;
  }
}
