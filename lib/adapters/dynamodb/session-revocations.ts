import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { identityScope } from "../../domain/identity.js";
import type { User } from "../../domain/model.js";
import type { SessionRevocations, SessionState } from "../../ports/password-resets.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";

/**
 * A `SESSIONS` item per user holding the moment before which its sessions no longer count, and a `SESSION#<id>` item
 * per signed-out session (expiring with the token). `state` reads both with the user item in one consistent BatchGet.
 */
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

  async revokeSession(tenantId: string, userId: string, sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.signedOutSession(tenantId, userId, sessionId),
          expiresAt: Math.ceil(expiresAt.getTime() / 1000),
        },
      }),
    );
  }

  async state(tenantId: string, userId: string, sessionId: string, identity?: string): Promise<SessionState> {
    const user = keys.user(tenantId, userId);
    const revocation = keys.sessionRevocation(tenantId, userId);
    const session = keys.signedOutSession(tenantId, userId, sessionId);
    const identityRevocation = identity ? keys.sessionRevocation(identityScope, identity) : undefined;
    const wanted = [user, revocation, session, ...(identityRevocation ? [identityRevocation] : [])];
    const items = await batchGet(this.db, this.tableName, wanted, {
      projection: "pk, sk, #status, #roles, revokedBefore",
      names: { "#status": "status", "#roles": "roles" },
    });
    const find = (key: { pk: string; sk: string }) =>
      items.find((item) => item.pk === key.pk && item.sk === key.sk);
    const userItem = find(user);
    const revokedBefore = find(revocation)?.revokedBefore;
    const identityRevokedBefore = identityRevocation && find(identityRevocation)?.revokedBefore;
    return {
      user: userItem && {
        status: userItem.status as User["status"],
        roles: Array.isArray(userItem.roles) ? (userItem.roles as User["roles"]) : [],
      },
      revokedBefore: typeof revokedBefore === "number" ? revokedBefore : undefined,
      signedOut: find(session) !== undefined,
      ...(typeof identityRevokedBefore === "number" && { identityRevokedBefore }),
    };
  }
}
