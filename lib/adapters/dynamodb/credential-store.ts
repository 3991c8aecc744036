import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AttemptState,
  failureLocks,
  isStrandedAtThreshold,
  lockedState,
  lockoutPolicy,
} from "../../domain/lockout.js";
import type { CredentialKind, CredentialStore, PasswordCredential } from "../../ports/credential-store.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/** Password hashes and attempt counters, one item per user beside the user item (never listed with it). */
export class DynamoCredentialStore implements CredentialStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getPassword(tenantId: string, userId: string): Promise<PasswordCredential | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.passwordCredential(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      hash: Item.hash as string,
      changedAt: Item.changedAt as string,
      attempts: attemptsOf(Item),
    };
  }

  async setPassword(tenantId: string, userId: string, hash: string, now: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: passwordCredentialItem(tenantId, userId, hash, now),
      }),
    );
  }

  async reserveAttempt(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<"reserved" | "locked"> {
    const Key = credentialKey(kind, tenantId, userId);
    const reserved = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "ADD failures :one SET lastAttemptAt = :now",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND (attribute_not_exists(failures) OR failures < :max)",
          ExpressionAttributeValues: { ":one": 1, ":now": now.getTime(), ":max": lockoutPolicy.threshold },
        }),
      ),
    );
    if (reserved) return "reserved";
    const current = await this.attempts(Key);
    if (!current || !isStrandedAtThreshold(current, now.getTime())) return "locked";
    const restarted = await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "SET failures = :one, lastAttemptAt = :now",
          ConditionExpression:
            "failures = :seen AND (attribute_not_exists(lastAttemptAt) OR lastAttemptAt = :seenAt)",
          ExpressionAttributeValues: {
            ":one": 1,
            ":now": now.getTime(),
            ":seen": current.failures,
            ":seenAt": current.lastAttemptAt ?? 0,
          },
        }),
      ),
    );
    return restarted ? "reserved" : "locked";
  }

  async recordSuccess(tenantId: string, userId: string, kind: CredentialKind = "password"): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKey(kind, tenantId, userId),
          UpdateExpression: "SET failures = :zero, lockouts = :zero REMOVE lockedUntil",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":zero": 0 },
        }),
      ),
    );
  }

  async recordFailure(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<void> {
    const Key = credentialKey(kind, tenantId, userId);
    const current = await this.attempts(Key);
    if (!current || !failureLocks(current.failures)) return;
    const locked = lockedState(current, now.getTime());
    // Only the attempt that reached the threshold locks; the condition makes a second locker a no-op.
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "SET failures = :zero, lockouts = :lockouts, lockedUntil = :until",
          ConditionExpression: "failures = :failures",
          ExpressionAttributeValues: {
            ":zero": 0,
            ":lockouts": locked.lockouts,
            ":until": locked.lockedUntil,
            ":failures": current.failures,
          },
        }),
      ),
    );
  }

  private async attempts(Key: { pk: string; sk: string }): Promise<AttemptState | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
    );
    return Item ? attemptsOf(Item) : undefined;
  }
}

/** A user's own password: its hash, when it changed, and fresh attempt counters. */
export function passwordCredentialItem(tenantId: string, userId: string, hash: string, now: Date) {
  return {
    ...keys.passwordCredential(tenantId, userId),
    hash,
    changedAt: now.toISOString(),
    failures: 0,
    lockouts: 0,
  };
}

const credentialKeys = {
  password: keys.passwordCredential,
  temporary: keys.temporaryCredential,
  "sso-pin": keys.ssoPinCredential,
  "pupil-pin": keys.pupilPinCredential,
} as const;

const credentialKey = (kind: CredentialKind, tenantId: string, userId: string) =>
  credentialKeys[kind](tenantId, userId);

function attemptsOf(Item: Record<string, unknown>): AttemptState {
  return {
    failures: Number(Item.failures ?? 0),
    lockouts: Number(Item.lockouts ?? 0),
    lockedUntil: Item.lockedUntil === undefined ? undefined : Number(Item.lockedUntil),
    lastAttemptAt: Item.lastAttemptAt === undefined ? undefined : Number(Item.lastAttemptAt),
  };
}
