import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { signUpSourcePolicy, sourceWindowStart } from "../../domain/pin-code.js";
import type { SourceAttempts } from "../../ports/pin-code-store.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/**
 * One counter item per tenant, source and fixed window, deleted by TTL after its window. The window start is in
 * the key, so an item past its window (still there until TTL removes it) is never read again.
 */
export class DynamoSourceAttempts implements SourceAttempts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reserve(tenantId: string, sourceHash: string, now: Date, max: number): Promise<boolean> {
    const start = sourceWindowStart(now);
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.signUpSource(tenantId, sourceHash, start),
          UpdateExpression: "ADD attempts :one SET expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(attempts) OR attempts < :max",
          ExpressionAttributeValues: {
            ":one": 1,
            ":max": max,
            ":expires": start + 2 * signUpSourcePolicy.windowSeconds,
          },
        }),
      ),
    );
  }

  async release(tenantId: string, sourceHash: string, now: Date): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.signUpSource(tenantId, sourceHash, sourceWindowStart(now)),
          UpdateExpression: "ADD attempts :minus",
          ConditionExpression: "attempts > :zero",
          ExpressionAttributeValues: { ":minus": -1, ":zero": 0 },
        }),
      ),
    );
  }
}
