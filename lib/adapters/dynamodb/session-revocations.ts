import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionRevocations } from "../../ports/password-resets.js";
import { keys } from "./keys.js";

/** A `SESSIONS` item per user holding the moment before which its sessions no longer count. */
export class DynamoSessionRevocations implements SessionRevocations {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revokeAll(tenantId: string, userId: string, at: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.sessionRevocation(tenantId, userId), revokedBefore: at.getTime() },
      }),
    );
  }

  async revokedBefore(tenantId: string, userId: string): Promise<number | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.sessionRevocation(tenantId, userId),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.revokedBefore === "number" ? Item.revokedBefore : undefined;
  }
}
