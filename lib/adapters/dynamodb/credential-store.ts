import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AttemptState,
  isBusy,
  lockedState,
  lockoutPolicy,
  reclaimedFailures,
  settledFailureLocks,
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

  async rehashPassword(tenantId: string, userId: string, previous: string, hash: string): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.passwordCredential(tenantId, userId),
          UpdateExpression: "SET #hash = :hash",
          ConditionExpression: "#hash = :previous",
          ExpressionAttributeNames: { "#hash": "hash" },
          ExpressionAttributeValues: { ":hash": hash, ":previous": previous },
        }),
      ),
    );
  }

  async reserveAttempt(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<"reserved" | "locked" | "busy"> {
    const reservation = await this.reserve(credentialKey(kind, tenantId, userId), now, false);
    return reservation.outcome === "absent" ? "locked" : reservation.outcome;
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
   * Counts one attempt, in flight, with a conditional `ADD` (never past the threshold, never while locked). With
   * `withHash`, only on an item that holds a hash, and the item as written comes back from the same call. A full
   * counter is `busy` while attempts are in flight, and restarts (see `reclaimedFailures`) once they are past
   * their lease or it was stranded at the threshold.
   */
  private async reserve(
    Key: { pk: string; sk: string },
    now: Date,
    withHash: boolean,
  ): Promise<
    { outcome: "reserved"; item?: Record<string, unknown> } | { outcome: "locked" | "absent" | "busy" }
  > {
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
          UpdateExpression: "ADD failures :one, pending :one SET lastAttemptAt = :now",
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
    if (!current) return { outcome: "locked" };
    if (isBusy(current, now.getTime())) return { outcome: "busy" };
    const kept = reclaimedFailures(current, now.getTime());
    if (kept === undefined) return { outcome: "locked" };
    // Conditional on the counter as read: a reservation or settlement meanwhile means someone else moved it.
    const restarted = await updateIf(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "SET failures = :failures, pending = :one, lastAttemptAt = :now",
          ConditionExpression: `failures = :seen AND (attribute_not_exists(pending) OR pending = :seenPending) AND (attribute_not_exists(lastAttemptAt) OR lastAttemptAt = :seenAt)${hashed.condition}`,
          ...hashed.names,
          ExpressionAttributeValues: {
            ":one": 1,
            ":failures": kept + 1,
            ":now": now.getTime(),
            ":seen": current.failures,
            ":seenPending": current.pending ?? 0,
            ":seenAt": current.lastAttemptAt ?? 0,
          },
          ...returned,
        }),
      ),
    );
    return restarted ? { outcome: "reserved", item: restarted.Attributes } : { outcome: "busy" };
  }

  /**
   * Settles a reserved attempt that passed: the settled failures and any lock are cleared, attempts still in flight
   * stay counted (they were reserved before this success). Nothing changes when no reservation is in flight (the
   * item was replaced meanwhile, with fresh counters).
   */
  async recordSuccess(tenantId: string, userId: string, kind: CredentialKind = "password"): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: credentialKey(kind, tenantId, userId),
          UpdateExpression:
            "SET failures = pending - :one, pending = pending - :one, lockouts = :zero REMOVE lockedUntil",
          ConditionExpression: "pending > :zero",
          ExpressionAttributeValues: { ":zero": 0, ":one": 1 },
        }),
      ),
    );
  }

  /**
   * Settles a reserved attempt that failed: it stays counted, no longer in flight. When that leaves the threshold
   * reached with nothing in flight, the credential locks (only once: the condition makes a second locker a no-op).
   */
  async recordFailure(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<void> {
    const Key = credentialKey(kind, tenantId, userId);
    const settled = await updateIf(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "ADD pending :minusOne",
          ConditionExpression: "pending > :zero",
          ExpressionAttributeValues: { ":zero": 0, ":minusOne": -1 },
          ReturnValues: "ALL_NEW",
        }),
      ),
    );
    const current = settled?.Attributes && attemptsOf(settled.Attributes);
    if (!current || !settledFailureLocks(current)) return;
    const locked = lockedState(current, now.getTime());
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: "SET failures = :zero, lockouts = :lockouts, lockedUntil = :until",
          ConditionExpression: "failures = :failures AND pending = :zero",
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
    pending: Number(Item.pending ?? 0),
    lockedUntil: Item.lockedUntil === undefined ? undefined : Number(Item.lockedUntil),
    lastAttemptAt: Item.lastAttemptAt === undefined ? undefined : Number(Item.lastAttemptAt),
  };
}
