import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { AuthenticatorDevice } from "../../domain/authenticator.js";
import type { Owner } from "../../domain/identity.js";
import { foldCase } from "../../domain/model.js";
import type { ActivationOutcome, AuthenticatorStore } from "../../ports/authenticator-store.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";

/**
 * Devices (`TOTP#<deviceId>`), their name claims (`TOTPNAME#<name>`), the active count (`TOTPCOUNT`) and the
 * recovery codes (`RECOVERY`, a map of SHA-256 hashes) in the owner's partition.
 */
export class DynamoAuthenticatorStore implements AuthenticatorStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(owner: Owner): Promise<AuthenticatorDevice[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
        ExpressionAttributeValues: {
          ":p": keys.userPartition(owner.tenantId, owner.userId),
          ":s": keys.authenticatorPrefix,
        },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => withoutKeys(item) as AuthenticatorDevice);
  }

  async get(owner: Owner, deviceId: string): Promise<AuthenticatorDevice | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.authenticator(owner.tenantId, owner.userId, deviceId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutKeys(Item) as AuthenticatorDevice) : undefined;
  }

  async hasActive(owner: Owner): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.authenticatorCount(owner.tenantId, owner.userId),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.active ?? 0) > 0;
  }

  async createPending(owner: Owner, device: AuthenticatorDevice): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.authenticator(owner.tenantId, owner.userId, device.deviceId), ...device },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    // The lockout reserves attempts only on an existing counter item: create them once, keeping their counts.
    for (const Key of [
      keys.totpCredential(owner.tenantId, owner.userId),
      keys.totpEnrolCredential(owner.tenantId, owner.userId),
    ]) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression:
            "SET failures = if_not_exists(failures, :zero), lockouts = if_not_exists(lockouts, :zero)",
          ExpressionAttributeValues: { ":zero": 0 },
        }),
      );
    }
  }

  async activate(
    owner: Owner,
    deviceId: string,
    name: string,
    step: number,
    max: number,
    now: Date,
  ): Promise<ActivationOutcome> {
    const { tenantId, userId } = owner;
    const nameKey = keys.authenticatorName(tenantId, userId, foldCase(name));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.authenticator(tenantId, userId, deviceId),
                UpdateExpression:
                  "SET #status = :active, #name = :name, activatedAt = :now, lastStep = :step REMOVE expiresAt",
                ConditionExpression: "#status = :pending AND expiresAt > :nowSeconds",
                ExpressionAttributeNames: { "#status": "status", "#name": "name" },
                ExpressionAttributeValues: {
                  ":active": "active",
                  ":pending": "pending",
                  ":name": name,
                  ":now": now.toISOString(),
                  ":step": step,
                  ":nowSeconds": Math.floor(now.getTime() / 1000),
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...nameKey, deviceId },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.authenticatorCount(tenantId, userId),
                UpdateExpression: "ADD active :one",
                ConditionExpression: "attribute_not_exists(active) OR active < :max",
                ExpressionAttributeValues: { ":one": 1, ":max": max },
              },
            },
          ],
        }),
      );
      return "activated";
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as { name?: string }).name !== "TransactionCanceledException" || !reasons) throw error;
      const failed = (i: number) => reasons[i]?.Code === "ConditionalCheckFailed";
      if (failed(0)) return "gone";
      if (failed(1)) return "name-taken";
      if (failed(2)) return "too-many";
      throw error;
    }
  }

  async acceptStep(owner: Owner, deviceId: string, step: number): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.authenticator(owner.tenantId, owner.userId, deviceId),
          UpdateExpression: "SET lastStep = :step",
          ConditionExpression: "#status = :active AND (attribute_not_exists(lastStep) OR lastStep < :step)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":step": step, ":active": "active" },
        }),
      ),
    );
  }

  async remove(owner: Owner, deviceId: string): Promise<boolean> {
    const device = await this.get(owner, deviceId);
    if (!device) return false;
    const { tenantId, userId } = owner;
    const deviceKey = keys.authenticator(tenantId, userId, deviceId);
    if (device.status !== "active" || !device.name) {
      return conditionally(
        this.db.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: deviceKey,
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":pending": "pending" },
          }),
        ),
      );
    }
    return conditionally(
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: deviceKey,
                ConditionExpression: "#status = :active",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":active": "active" },
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.authenticatorName(tenantId, userId, foldCase(device.name)),
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.authenticatorCount(tenantId, userId),
                UpdateExpression: "ADD active :minus",
                ExpressionAttributeValues: { ":minus": -1 },
              },
            },
          ],
        }),
      ),
    );
  }

  async removeAll(owner: Owner): Promise<number> {
    let removed = 0;
    for (const device of await this.list(owner)) {
      if ((await this.remove(owner, device.deviceId)) && device.status === "active") removed++;
    }
    await this.deleteItem(keys.recoveryCodes(owner.tenantId, owner.userId));
    return removed;
  }

  async replaceRecoveryCodes(
    owner: Owner,
    hashes: readonly string[],
    now: Date,
    options: { onlyIfNone?: boolean } = {},
  ): Promise<boolean> {
    return conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.recoveryCodes(owner.tenantId, owner.userId),
            codes: Object.fromEntries(hashes.map((hash) => [hash, true])),
            createdAt: now.toISOString(),
          },
          ...(options.onlyIfNone && {
            ConditionExpression: "attribute_not_exists(codes) OR size(codes) = :zero",
            ExpressionAttributeValues: { ":zero": 0 },
          }),
        }),
      ),
    );
  }

  async useRecoveryCode(owner: Owner, hash: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return false;
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCodes(owner.tenantId, owner.userId),
          UpdateExpression: "REMOVE codes.#h",
          ConditionExpression: "attribute_exists(codes.#h)",
          ExpressionAttributeNames: { "#h": hash },
        }),
      ),
    );
  }

  async recoveryCodesLeft(owner: Owner): Promise<number> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.recoveryCodes(owner.tenantId, owner.userId),
        ConsistentRead: true,
      }),
    );
    return Object.keys((Item?.codes as Record<string, unknown> | undefined) ?? {}).length;
  }

  private async deleteItem(Key: { pk: string; sk: string }) {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key }));
  }
}
