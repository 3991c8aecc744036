import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { PinCodeHolder } from "../../domain/model.js";
import type { AssignOutcome, PinCodeRecord, PinCodeStore } from "../../ports/pin-code-store.js";
import { conditionally, isConditionFailure } from "./client.js";
import { keys } from "./keys.js";

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** One `CRED#PINCODE` item per PIN-code user beside the user item, and one handle item per code. */
export class DynamoPinCodeStore implements PinCodeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, userId: string): Promise<PinCodeRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.pinCodeCredential(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      handle: Item.handle as string,
      hash: Item.hash as string,
      assignedAt: Item.assignedAt as string,
      assignedBy: Item.assignedBy as string,
    };
  }

  async ownerOf(tenantId: string, handle: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.pinCodeHandle(tenantId, handle),
        ConsistentRead: true,
      }),
    );
    return Item?.userId as string | undefined;
  }

  async assign(
    tenantId: string,
    userId: string,
    code: { handle: string; hash: string },
    holder: PinCodeHolder,
    previousHandle: string | undefined,
  ): Promise<AssignOutcome> {
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.pinCodeHandle(tenantId, code.handle), userId },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.pinCodeCredential(tenantId, userId),
            handle: code.handle,
            hash: code.hash,
            assignedAt: holder.assignedAt,
            assignedBy: holder.assignedBy,
            failures: 0,
            lockouts: 0,
          },
          ...(previousHandle
            ? {
                ConditionExpression: "handle = :previous",
                ExpressionAttributeValues: { ":previous": previousHandle },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.user(tenantId, userId),
          // The version bump makes a concurrent roster update (a versioned put) retry on the new state.
          UpdateExpression: "SET pinCode = :holder ADD version :one",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":holder": holder, ":one": 1 },
        },
      },
      ...(previousHandle
        ? [{ Delete: { TableName: this.tableName, Key: keys.pinCodeHandle(tenantId, previousHandle) } }]
        : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return "assigned";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      return reasons[0]?.Code === "ConditionalCheckFailed" ? "handle-taken" : "changed";
    }
  }

  async revoke(tenantId: string, userId: string, handle: string): Promise<boolean> {
    return conditionally(
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.pinCodeCredential(tenantId, userId),
                ConditionExpression: "handle = :h",
                ExpressionAttributeValues: { ":h": handle },
              },
            },
            { Delete: { TableName: this.tableName, Key: keys.pinCodeHandle(tenantId, handle) } },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(tenantId, userId),
                UpdateExpression: "REMOVE pinCode ADD version :one",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeValues: { ":one": 1 },
              },
            },
          ],
        }),
      ),
    );
  }
}
