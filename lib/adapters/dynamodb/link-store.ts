import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  EmailVerificationRecord,
  LinkRecord,
  LinkStore,
  ResetLinkRecord,
} from "../../ports/password-resets.js";
import { conditionally } from "./client.js";
import { type Key, keys, withoutKeys } from "./keys.js";

/**
 * One item per user and purpose (`RESET`, `VERIFYEMAIL`): the current link's hash and expiry, and the recent sends.
 * Kept (by TTL) an hour after the last send, so the hourly limit holds even after a link is used.
 */
class DynamoLinkStore<R extends LinkRecord> implements LinkStore<R> {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keyOf: (tenantId: string, userId: string) => Key,
  ) {}

  async get(tenantId: string, userId: string): Promise<R | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keyOf(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { expiresAt: _ttl, ...record } = withoutKeys(Item);
    return record as R;
  }

  async replace(record: R): Promise<boolean> {
    const lastSend = Date.parse(record.sentAt.at(-1) ?? new Date(0).toISOString());
    const linkEnds = record.linkExpiresAt ? Date.parse(record.linkExpiresAt) : 0;
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.keyOf(record.tenantId, record.userId),
            ...record,
            expiresAt: Math.ceil(Math.max(lastSend + 3600_000, linkEnds) / 1000),
          },
          ConditionExpression: record.version === 1 ? "attribute_not_exists(pk)" : "version = :previous",
          ...(record.version > 1 && { ExpressionAttributeValues: { ":previous": record.version - 1 } }),
        }),
      ),
    );
  }

  async consume(tenantId: string, userId: string, tokenHash: string, now: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(tenantId, userId),
          UpdateExpression: "REMOVE tokenHash, linkExpiresAt SET version = version + :one",
          ConditionExpression: "tokenHash = :hash AND linkExpiresAt > :now",
          ExpressionAttributeValues: { ":hash": tokenHash, ":now": now.toISOString(), ":one": 1 },
        }),
      ),
    );
  }
}

/** Reset links (`RESET`). */
export class DynamoPasswordResetStore extends DynamoLinkStore<ResetLinkRecord> {
  constructor(db: DynamoDBDocumentClient, tableName: string) {
    super(db, tableName, keys.passwordReset);
  }
}

/** Email-verification links (`VERIFYEMAIL`). */
export class DynamoEmailVerificationStore extends DynamoLinkStore<EmailVerificationRecord> {
  constructor(db: DynamoDBDocumentClient, tableName: string) {
    super(db, tableName, keys.emailVerification);
  }
}
