import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AttemptState,
  failureLocks,
  isStrandedAtThreshold,
  lockedState,
  lockoutPolicy,
} from "../../domain/lockout.js";
import type {
  CredentialKind,
  CredentialStore,
  HashReservation,
  PasswordCredential,
} from "../../ports/credential-store.js";
import { conditionally, isConditionFailure } from "./client.js";
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
    const reservation = await this.reserve(credentialKey(kind, tenantId, userId), now, false);
    return reservation.outcome === "reserved" ? "reserved" : "locked";
  }

  async reserveAttemptWithHash(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind,
  ): Promise<HashReservation> {
    const reservation = await this.reserve(credentialKey(kind, tenantId, userId), now, true);
    if (reservation.outcome !== "reserved") return reservation;
    const hash = reservation.item?.hash;
    // The condition required the hash; an item without one is only possible if it changed shape meanwhile.
    return typeof hash === "string" ? { outcome: "reserved", hash } : { outcome: "absent" };
  }

  /**
   * Counts one attempt with a conditional `ADD` (never past the threshold, never while locked). With `withHash`,
   * only on an item that holds a hash, and the item as written comes back from the same call. A counter stranded
   * at the threshold (see `isStrandedAtThreshold`) restarts at one.
   */
  private async reserve(
    Key: { pk: string; sk: string },
    now: Date,
    withHash: boolean,
  ): Promise<{ outcome: "reserved"; item?: Record<string, unknown> } | { outcome: "locked" | "absent" }> {
    const hashed = withHash
      ? {
          condition: " AND attribute_exists(#hash)",
          names: { ExpressionAttributeNames: { "#hash": "hash" } },
        }
      : { condition: "", names: {} };
    const returned = withHash ? { ReturnValues: "ALL_NEW" as const } : {};
    const reserved = await updateIf(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "ADD failures :one SET lastAttemptAt = :now",
          ConditionExpression: `attribute_exists(pk)${hashed.condition} AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now) AND (attribute_not_exists(failures) OR failures < :max)`,
          ...hashed.names,
          ExpressionAttributeValues: { ":one": 1, ":now": now.getTime(), ":max": lockoutPolicy.threshold },
          ...returned,
        }),
      ),
    );
    if (reserved) return { outcome: "reserved", item: reserved.Attributes };
    const item = await this.item(Key);
    if (withHash && (!item || item.hash === undefined)) return { outcome: "absent" };
    const current = item && attemptsOf(item);
    if (!current || !isStrandedAtThreshold(current, now.getTime())) return { outcome: "locked" };
    const restarted = await updateIf(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "SET failures = :one, lastAttemptAt = :now",
          ConditionExpression: `failures = :seen AND (attribute_not_exists(lastAttemptAt) OR lastAttemptAt = :seenAt)${hashed.condition}`,
          ...hashed.names,
          ExpressionAttributeValues: {
            ":one": 1,
            ":now": now.getTime(),
            ":seen": current.failures,
            ":seenAt": current.lastAttemptAt ?? 0,
          },
          ...returned,
        }),
      ),
    );
    return restarted ? { outcome: "reserved", item: restarted.Attributes } : { outcome: "locked" };
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
    const item = await this.item(Key);
    return item ? attemptsOf(item) : undefined;
  }

  private async item(Key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
    );
    return Item;
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
  "pin-code": keys.pinCodeCredential,
  totp: keys.totpCredential,
  "totp-enrol": keys.totpEnrolCredential,
} as const;

const credentialKey = (kind: CredentialKind, tenantId: string, userId: string) =>
  credentialKeys[kind](tenantId, userId);

/** Runs a conditional write and returns its result; undefined when its condition did not hold. */
async function updateIf<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

function attemptsOf(Item: Record<string, unknown>): AttemptState {
  return {
    failures: Number(Item.failures ?? 0),
    lockouts: Number(Item.lockouts ?? 0),
    lockedUntil: Item.lockedUntil === undefined ? undefined : Number(Item.lockedUntil),
    lastAttemptAt: Item.lastAttemptAt === undefined ? undefined : Number(Item.lastAttemptAt),
  };
}
