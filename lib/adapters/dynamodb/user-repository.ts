import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "../../domain/errors.js";
import { foldCase, normaliseEmail, normaliseUsername, type User } from "../../domain/model.js";
import type { UserRow } from "../../domain/roster.js";
import type {
  BulkUpsertResult,
  Page,
  UpsertOutcome,
  UserQuery,
  UserRepository,
  UserState,
} from "../../ports/user-repository.js";
import { batchGet } from "./batch.js";
import { transactEntries } from "./bulk-transact.js";
import { isConditionFailure } from "./client.js";
import { keys } from "./keys.js";
import { queryPage } from "./paging.js";
import {
  changedUser,
  createItems,
  identityItems,
  newUser,
  toUser,
  userItem,
  usernameClaim,
} from "./user-items.js";

type Transaction = NonNullable<TransactWriteCommandInput["TransactItems"]>;

export class DynamoUserRepository implements UserRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
      { projection: "userId, userType, #status, claimedAt", names: { "#status": "status" } },
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
    await this.write(createItems(this.tableName, user, user.externalId), user.username);
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
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tryUpsert(tenantId, row, now);
      } catch (error) {
        // Another writer changed the same user between our read and write: read again.
        if (error instanceof RetryableRace && attempt < 3) continue;
        throw error;
      }
    }
  }

  async upsertManyFromRoster(
    tenantId: string,
    rows: readonly UserRow[],
    now: Date,
  ): Promise<BulkUpsertResult[]> {
    const results = new Array<BulkUpsertResult>(rows.length);
    const ids = await this.idsByExternalId(
      tenantId,
      rows.map((r) => r.externalId),
    );
    const existing = rows.flatMap((row, i) => (ids.has(row.externalId) ? [i] : []));
    const fresh = rows.flatMap((row, i) => (ids.has(row.externalId) ? [] : [i]));
    const slow: number[] = [];

    // Existing users: one batch read, then write only the ones the roster changes.
    const current = new Map(
      (
        await this.getMany(
          tenantId,
          existing.map((i) => ids.get((rows[i] as UserRow).externalId) as string),
        )
      ).map((u) => [u.userId, u]),
    );
    for (const i of existing) {
      const row = rows[i] as UserRow;
      const user = current.get(ids.get(row.externalId) as string);
      if (user && !changedUser(user, row, now)) results[i] = { outcome: "unchanged", userId: user.userId };
      else slow.push(i);
    }

    // New users: packed into few transactions; an entry whose condition fails (username taken, created
    // concurrently) takes the one-by-one path, which says why.
    const created = fresh.map((i) => newUser(tenantId, rows[i] as UserRow, now));
    const outcomes = await transactEntries(
      this.db,
      created.map((user, n) =>
        createItems(this.tableName, user, (rows[fresh[n] as number] as UserRow).externalId),
      ),
    );
    outcomes.forEach((outcome, n) => {
      const i = fresh[n] as number;
      if (outcome === "written") results[i] = { outcome: "created", userId: (created[n] as User).userId };
      else slow.push(i);
    });

    for (let s = 0; s < slow.length; s += 8) {
      await Promise.all(
        slow.slice(s, s + 8).map(async (i) => {
          try {
            results[i] = await this.upsertFromRoster(tenantId, rows[i] as UserRow, now);
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            results[i] = { error: error.message };
          }
        }),
      );
    }
    return results;
  }

  async list(tenantId: string, query: UserQuery): Promise<Page<User>> {
    const search = query.search && foldCase(query.search);
    const index = keys.usersIndex(tenantId);
    const filters = [
      ...(search ? ["contains(searchText, :q)"] : []),
      ...(query.unclaimedOnly ? ["attribute_not_exists(claimedAt)"] : []),
    ];
    const page = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": index, ...(search ? { ":q": search } : {}) },
        ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
        ScanIndexForward: !query.descending,
      },
      query.limit,
      query.cursor,
      (key) => key.gsi1pk === index,
    );
    return { items: page.items.map(toUser), cursor: page.cursor };
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

  private async tryUpsert(
    tenantId: string,
    row: UserRow,
    now: Date,
  ): Promise<{ outcome: UpsertOutcome; userId: string }> {
    const { Item: ext } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.userExternalId(tenantId, row.externalId),
        ConsistentRead: true,
      }),
    );
    if (!ext) {
      const user = newUser(tenantId, row, now);
      await this.write(createItems(this.tableName, user, row.externalId), row.username, 0);
      return { outcome: "created", userId: user.userId };
    }

    const userId = ext.userId as string;
    const current = await this.get(tenantId, userId);
    if (!current) throw new RetryableRace();
    const next = changedUser(current, row, now);
    if (!next) return { outcome: "unchanged", userId };
    const items: Transaction = [
      {
        Put: {
          TableName: this.tableName,
          Item: userItem(next),
          ConditionExpression: "version = :v",
          ExpressionAttributeValues: { ":v": current.version },
        },
      },
    ];
    if (normaliseUsername(current.username) !== normaliseUsername(next.username)) {
      items.push(
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.username(tenantId, normaliseUsername(current.username)),
            ConditionExpression: "userId = :u",
            ExpressionAttributeValues: { ":u": userId },
          },
        },
        usernameClaim(this.tableName, tenantId, next.username, userId),
      );
    }
    const oldEmail = current.email && normaliseEmail(current.email);
    const newEmail = next.email && normaliseEmail(next.email);
    if (oldEmail && oldEmail !== newEmail) {
      const { pk, sk } = keys.identityLink(oldEmail, tenantId, userId);
      items.push({ Delete: { TableName: this.tableName, Key: { pk, sk } } });
    }
    if (newEmail && (oldEmail !== newEmail || current.emailVerified !== next.emailVerified)) {
      items.push(...identityItems(this.tableName, next));
    }
    await this.write(items, next.username, 0);
    return { outcome: "updated", userId };
  }

  /**
   * Runs a transaction. A failed username claim is a `ConflictError`; any other failed condition means a
   * concurrent writer won the race, so the caller reads again.
   */
  private async write(items: Transaction, username: string, externalIdItem?: number): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      const claim = items.findIndex((i) => keys.isUsernameClaim(i.Put?.Item));
      if (failed === claim) {
        throw new ConflictError(`Username ${username} is already taken`, [
          { pointer: "/username", detail: "is already taken" },
        ]);
      }
      if (externalIdItem !== undefined) throw new RetryableRace();
      throw new ConflictError("The user changed concurrently; try again");
    }
  }
}

class RetryableRace extends Error {}
