import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SsoPinRecord, SsoPinStore } from "../../ports/sso-pin-store.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/** One `CRED#SSOPIN` item per user beside the user item; one `STEPUP#<jti>` item per step-up token used. */
export class DynamoSsoPinStore implements SsoPinStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, userId: string): Promise<SsoPinRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.ssoPinCredential(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      state: Item.state as SsoPinRecord["state"],
      hash: Item.hash as string | undefined,
      changedAt: Item.changedAt as string | undefined,
      resetAt: Item.resetAt as string | undefined,
      resetBy: Item.resetBy as string | undefined,
    };
  }

  async reset(tenantId: string, userId: string, by: string, now: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.ssoPinCredential(tenantId, userId),
          state: "reset_pending",
          resetAt: now.toISOString(),
          resetBy: by,
          failures: 0,
          lockouts: 0,
        },
      }),
    );
  }

  async set(tenantId: string, userId: string, hash: string, now: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.ssoPinCredential(tenantId, userId),
            state: "active",
            hash,
            changedAt: now.toISOString(),
            failures: 0,
            lockouts: 0,
          },
          ConditionExpression: "attribute_not_exists(pk) OR #state = :pending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":pending": "reset_pending" },
        }),
      ),
    );
  }

  async consumeStepUp(tenantId: string, tokenId: string, expiresAt: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.usedStepUp(tenantId, tokenId), expiresAt: Math.ceil(expiresAt.getTime() / 1000) },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
  }
}
