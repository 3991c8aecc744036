import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { TenantEmailQuota } from "../../ports/mailer.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/** One counter item per tenant and UTC day (a conditional `ADD`), removed by TTL two days after the day. */
export class DynamoTenantEmailQuota implements TenantEmailQuota {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(tenantId: string, day: string, max: number): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tenantEmailDay(tenantId, day),
          UpdateExpression: "ADD sends :one SET expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(sends) OR sends < :max",
          ExpressionAttributeValues: {
            ":one": 1,
            ":max": max,
            ":expires": Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400,
          },
        }),
      ),
    );
  }

  async giveBack(tenantId: string, day: string): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tenantEmailDay(tenantId, day),
          UpdateExpression: "ADD sends :minus",
          ConditionExpression: "sends > :zero",
          ExpressionAttributeValues: { ":minus": -1, ":zero": 0 },
        }),
      ),
    );
  }
}
