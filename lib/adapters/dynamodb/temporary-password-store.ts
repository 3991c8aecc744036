import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { TemporaryCredential } from "../../domain/temporary-password.js";
import type { TemporaryPasswordStore } from "../../ports/temporary-password-store.js";
import { batchGet, batchPut } from "./batch.js";
import { conditionally } from "./client.js";
import { passwordCredentialItem } from "./credential-store.js";
import { keys, withoutKeys } from "./keys.js";

/**
 * One `CRED#TEMP` item per user beside the user item. Writing a new generation replaces the item (which voids the
 * older password); attempt counters for sign-in with it live on the same item and start again with it.
 */
export class DynamoTemporaryPasswordStore implements TemporaryPasswordStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, userId: string): Promise<TemporaryCredential | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.temporaryCredential(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? toCredential(Item) : undefined;
  }

  async getMany(tenantId: string, userIds: readonly string[]) {
    const items = await batchGet(
      this.db,
      this.tableName,
      userIds.map((u) => keys.temporaryCredential(tenantId, u)),
    );
    return new Map(items.map((i) => [i.userId as string, toCredential(i)]));
  }

  async putMany(credentials: readonly TemporaryCredential[]): Promise<void> {
    await batchPut(this.db, this.tableName, credentials.map(toItem));
  }

  async reset(credential: TemporaryCredential): Promise<void> {
    const { tenantId, userId } = credential;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: toItem(credential) } },
          { Delete: { TableName: this.tableName, Key: keys.passwordCredential(tenantId, userId) } },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.user(tenantId, userId),
              // The version bump makes a concurrent roster update (a versioned put) retry on the new state.
              UpdateExpression: "REMOVE claimedAt ADD version :one",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":one": 1 },
            },
          },
        ],
      }),
    );
  }

  async claim(tenantId: string, userId: string, generation: string, passwordHash: string, now: Date) {
    return conditionally(
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: passwordCredentialItem(tenantId, userId, passwordHash, now),
                // A password set meanwhile (a reset by email) wins over a challenge issued before it.
                ConditionExpression: "attribute_not_exists(#hash)",
                ExpressionAttributeNames: { "#hash": "hash" },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.temporaryCredential(tenantId, userId),
                ConditionExpression: "generation = :g",
                ExpressionAttributeValues: { ":g": generation },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(tenantId, userId),
                UpdateExpression: "SET claimedAt = if_not_exists(claimedAt, :now) ADD version :one",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":now": now.toISOString(), ":one": 1 },
              },
            },
          ],
        }),
      ),
    );
  }

  async replaceWithOwnPassword(tenantId: string, userId: string, passwordHash: string, now: Date) {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: passwordCredentialItem(tenantId, userId, passwordHash, now),
            },
          },
          { Delete: { TableName: this.tableName, Key: keys.temporaryCredential(tenantId, userId) } },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.user(tenantId, userId),
              UpdateExpression: "SET claimedAt = if_not_exists(claimedAt, :now) ADD version :one",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":now": now.toISOString(), ":one": 1 },
            },
          },
        ],
      }),
    );
  }
}

function toItem(credential: TemporaryCredential) {
  return { ...keys.temporaryCredential(credential.tenantId, credential.userId), ...credential };
}

function toCredential(item: Record<string, unknown>): TemporaryCredential {
  const { failures: _f, lockouts: _l, lockedUntil: _u, lastAttemptAt: _a, ...rest } = withoutKeys(item);
  return rest as TemporaryCredential;
}
