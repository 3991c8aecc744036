import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { foldCase, normaliseEmail, normaliseUsername, type User } from "../../domain/model.js";
import type { UserRow } from "../../domain/roster.js";
import type {
  BulkUpsertResult,
  Page,
  UserQuery,
  UserRepository,
  UserState,
} from "../../ports/user-repository.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";
import { queryPage } from "./paging.js";
import { type UserTable, upsertUserFromRoster, upsertUsersFromRoster } from "./roster-user-upserts.js";
import { createItems, identityLinkUpdate, toUser } from "./user-items.js";
import { writeUserItems } from "./user-transactions.js";

/**
 * Users (`USER` items), their username and external-id claims and identity links. Roster upserts live in
 * `roster-user-upserts.ts`; this class reads, creates and removes.
 */
export class DynamoUserRepository implements UserRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private get table(): UserTable {
    return { db: this.db, tableName: this.tableName, users: this };
  }

  async get(tenantId: string, userId: string): Promise<User | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.user(tenantId, userId), ConsistentRead: true }),
    );
    return Item ? toUser(Item) : undefined;
  }

  async getMany(tenantId: string, userIds: readonly string[]): Promise<User[]> {
    const items = await batchGet(
      this.db,
      this.tableName,
      userIds.map((id) => keys.user(tenantId, id)),
    );
    const byId = new Map(items.map((i) => [i.userId as string, toUser(i)]));
    return userIds.flatMap((id) => byId.get(id) ?? []);
  }

  async statesOf(tenantId: string, userIds: readonly string[]) {
    const items = await batchGet(
      this.db,
      this.tableName,
      userIds.map((id) => keys.user(tenantId, id)),
      {
        projection: "userId, userType, #status, claimedAt, #roles",
        names: { "#status": "status", "#roles": "roles" },
      },
    );
    return items as UserState[];
  }

  async findByUsername(tenantId: string, username: string): Promise<User | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.username(tenantId, normaliseUsername(username)),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(tenantId, Item.userId as string) : undefined;
  }

  async idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(externalIds)];
    const items = await batchGet(
      this.db,
      this.tableName,
      unique.map((id) => keys.userExternalId(tenantId, id)),
    );
    return new Map(items.map((i) => [i.externalId as string, i.userId as string]));
  }

  async create(user: User): Promise<void> {
    await writeUserItems(this.db, createItems(this.tableName, user, user.externalId), user.username, false);
  }

  async deleteUnclaimed(user: User): Promise<void> {
    const { tenantId, userId } = user;
    const identity = user.email ? keys.identityLink(normaliseEmail(user.email), tenantId, userId) : undefined;
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.user(tenantId, userId),
              ConditionExpression: "attribute_not_exists(claimedAt)",
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.username(tenantId, normaliseUsername(user.username)),
              ConditionExpression: "userId = :u",
              ExpressionAttributeValues: { ":u": userId },
            },
          },
          { Delete: { TableName: this.tableName, Key: keys.temporaryCredential(tenantId, userId) } },
          ...(identity
            ? [{ Delete: { TableName: this.tableName, Key: { pk: identity.pk, sk: identity.sk } } }]
            : []),
        ],
      }),
    );
  }

  async upsertFromRoster(tenantId: string, row: UserRow, now: Date) {
    return upsertUserFromRoster(this.table, tenantId, row, now);
  }

  async upsertManyFromRoster(
    tenantId: string,
    rows: readonly UserRow[],
    now: Date,
  ): Promise<BulkUpsertResult[]> {
    return upsertUsersFromRoster(this.table, tenantId, rows, now);
  }

  async list(tenantId: string, query: UserQuery): Promise<Page<User>> {
    const search = query.search && foldCase(query.search);
    const index = keys.usersIndex(tenantId);
    // Users who left the school vanish from every list.
    const filters = [
      "#status <> :left",
      ...(search ? ["contains(searchText, :q)"] : []),
      ...(query.unclaimedOnly ? ["attribute_not_exists(claimedAt)"] : []),
    ];
    const page = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":p": index, ":left": "left", ...(search ? { ":q": search } : {}) },
        FilterExpression: filters.join(" AND "),
        ScanIndexForward: !query.descending,
      },
      query.limit,
      query.cursor,
      (key) => key.gsi1pk === index,
    );
    return { items: page.items.map(toUser), cursor: page.cursor };
  }

  async markEmailVerified(tenantId: string, userId: string, email: string): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(tenantId, userId),
                UpdateExpression: "SET emailVerified = :t ADD version :one",
                ConditionExpression: "email = :e",
                ExpressionAttributeValues: { ":t": true, ":one": 1, ":e": email },
              },
            },
            identityLinkUpdate(this.tableName, email, tenantId, userId, true),
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "TransactionCanceledException") return false;
      throw error;
    }
  }

  async setStatus(
    tenantId: string,
    userId: string,
    status: "active" | "disabled",
    expectedVersion: number,
    now: Date,
  ): Promise<boolean> {
    const at = now.toISOString();
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(tenantId, userId),
          UpdateExpression: `SET #status = :s, updatedAt = :now${status === "disabled" ? ", sessionsValidAfter = :now" : ""} ADD version :one`,
          ConditionExpression: "version = :v AND #status <> :left",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":s": status,
            ":now": at,
            ":one": 1,
            ":v": expectedVersion,
            ":left": "left",
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async markClaimed(tenantId: string, userId: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.user(tenantId, userId),
        UpdateExpression: "SET claimedAt = if_not_exists(claimedAt, :now) ADD version :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": now.toISOString(), ":one": 1 },
      }),
    );
  }

  async identityLinks(email: string) {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :s)",
        ExpressionAttributeValues: {
          ":p": keys.identity(normaliseEmail(email)).pk,
          ":s": keys.identityLinkPrefix,
        },
      }),
    );
    return Items.map((i) => ({
      tenantId: i.tenantId as string,
      userId: i.userId as string,
      verified: Boolean(i.verified),
    }));
  }
}
