import { randomUUID } from "node:crypto";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { foldCase, type Group } from "../../domain/model.js";
import type { GroupRow } from "../../domain/roster.js";
import type { GroupQuery, GroupRepository, Link, LinkKind } from "../../ports/group-repository.js";
import type { Page, UpsertOutcome } from "../../ports/user-repository.js";
import { batchGet } from "./batch.js";
import { transactEntries } from "./bulk-transact.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";
import { queryPage } from "./paging.js";

export class DynamoGroupRepository implements GroupRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, groupId: string): Promise<Group | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.group(tenantId, groupId), ConsistentRead: true }),
    );
    return Item ? toGroup(Item) : undefined;
  }

  async idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGet(
      this.db,
      this.tableName,
      [...new Set(externalIds)].map((id) => keys.groupExternalId(tenantId, id)),
    );
    return new Map(items.map((i) => [i.externalId as string, i.groupId as string]));
  }

  async upsertFromRoster(
    tenantId: string,
    row: GroupRow,
    now: Date,
  ): Promise<{ outcome: UpsertOutcome; groupId: string }> {
    const at = now.toISOString();
    const existing = (await this.idsByExternalId(tenantId, [row.externalId])).get(row.externalId);
    if (!existing) {
      const groupId = randomUUID();
      const group: Group = { tenantId, groupId, ...row, memberCount: 0, createdAt: at, updatedAt: at };
      const created = await conditionally(
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.groupExternalId(tenantId, row.externalId),
                    externalId: row.externalId,
                    groupId,
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              { Put: { TableName: this.tableName, Item: this.groupItem(group) } },
            ],
          }),
        ),
      );
      // Not created: a concurrent import created it first, so update that one.
      return created ? { outcome: "created", groupId } : this.upsertFromRoster(tenantId, row, now);
    }
    const current = await this.get(tenantId, existing);
    if (!current) throw new Error("Group external id points to a missing group");
    const next: Group = { ...current, name: row.name, type: row.type, yearGroup: row.yearGroup };
    const same =
      next.name === current.name && next.type === current.type && next.yearGroup === current.yearGroup;
    if (same) return { outcome: "unchanged", groupId: existing };
    next.updatedAt = at;
    // memberCount is maintained with ADD elsewhere: update the named fields only, never Put the whole item.
    const list = keys.groupList(tenantId, next.name, existing);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.group(tenantId, existing),
        UpdateExpression: `SET #name = :n, #type = :t, updatedAt = :u, gsi1sk = :s, searchName = :q ${
          next.yearGroup === undefined ? "REMOVE yearGroup" : ", yearGroup = :y"
        }`,
        ExpressionAttributeNames: { "#name": "name", "#type": "type" },
        ExpressionAttributeValues: {
          ":n": next.name,
          ":t": next.type,
          ":u": at,
          ":s": list.gsi1sk,
          ":q": foldCase(next.name),
          ...(next.yearGroup === undefined ? {} : { ":y": next.yearGroup }),
        },
      }),
    );
    return { outcome: "updated", groupId: existing };
  }

  async link(tenantId: string, kind: LinkKind, groupId: string, userId: string) {
    const [outcome] = await this.linkMany(tenantId, [{ kind, groupId, userId }]);
    return outcome ?? "unchanged";
  }

  async linkMany(tenantId: string, links: readonly Link[]): Promise<("created" | "unchanged")[]> {
    const entries = links.map((link) => [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...(link.kind === "member"
              ? keys.membership(tenantId, link.groupId, link.userId)
              : keys.classTeacher(tenantId, link.groupId, link.userId)),
            tenantId,
            groupId: link.groupId,
            userId: link.userId,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
    // Member counts move in the same transaction as the memberships they count, one ADD per group.
    const countsFor = (batch: readonly number[]) => this.memberCountUpdates(tenantId, links, batch, 1);
    const outcomes = await transactEntries(this.db, entries, { extra: countsFor, reserve: 50 });
    return outcomes.map((o) => (o === "written" ? "created" : "unchanged"));
  }

  async unlinkMany(tenantId: string, links: readonly Link[]): Promise<("removed" | "absent")[]> {
    const entries = links.map((link) => [
      {
        Delete: {
          TableName: this.tableName,
          Key: this.linkKey(tenantId, link),
          ConditionExpression: "attribute_exists(pk)",
        },
      },
    ]);
    const countsFor = (batch: readonly number[]) => this.memberCountUpdates(tenantId, links, batch, -1);
    const outcomes = await transactEntries(this.db, entries, { extra: countsFor, reserve: 50 });
    return outcomes.map((o) => (o === "written" ? "removed" : "absent"));
  }

  /** One `ADD memberCount` per group for the memberships among `links[batch]`, by `delta` each. */
  private memberCountUpdates(
    tenantId: string,
    links: readonly Link[],
    batch: readonly number[],
    delta: 1 | -1,
  ) {
    const counts = new Map<string, number>();
    for (const i of batch) {
      const link = links[i] as Link;
      if (link.kind === "member") counts.set(link.groupId, (counts.get(link.groupId) ?? 0) + delta);
    }
    return [...counts].map(([groupId, n]) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.group(tenantId, groupId),
        UpdateExpression: "ADD memberCount :n",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":n": n },
      },
    }));
  }

  private linkKey(tenantId: string, link: Link) {
    const { pk, sk } =
      link.kind === "member"
        ? keys.membership(tenantId, link.groupId, link.userId)
        : keys.classTeacher(tenantId, link.groupId, link.userId);
    return { pk, sk };
  }

  async list(tenantId: string, query: GroupQuery): Promise<Page<Group>> {
    const index = keys.groupsIndex(tenantId);
    const search = query.search ? foldCase(query.search) : undefined;
    const filters: string[] = [];
    const values: Record<string, unknown> = { ":p": index };
    if (search) {
      filters.push("contains(searchName, :q)");
      values[":q"] = search;
    }
    if (query.type) {
      filters.push("#type = :t");
      values[":t"] = query.type;
    }
    const page = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: values,
        ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
        ...(query.type ? { ExpressionAttributeNames: { "#type": "type" } } : {}),
      },
      query.limit,
      query.cursor,
      (key) => key.gsi1pk === index,
    );
    return { items: page.items.map(toGroup), cursor: page.cursor };
  }

  async memberIds(tenantId: string, groupId: string, page: { limit: number; cursor?: string }) {
    const pk = keys.groupPartition(tenantId, groupId);
    const result = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :m)",
        ExpressionAttributeValues: { ":p": pk, ":m": keys.membershipPrefix },
        ProjectionExpression: "pk, sk, userId",
      },
      page.limit,
      page.cursor,
      (key) => key.pk === pk && String(key.sk).startsWith(keys.membershipPrefix),
    );
    return { items: result.items.map((i) => i.userId as string), cursor: result.cursor };
  }

  async teacherIds(tenantId: string, groupId: string): Promise<string[]> {
    return this.queryIds(
      "pk = :p AND begins_with(sk, :m)",
      { ":p": keys.groupPartition(tenantId, groupId), ":m": keys.classTeacherPrefix },
      "userId",
    );
  }

  async groupsTaughtBy(tenantId: string, userId: string): Promise<string[]> {
    return this.queryIds("gsi1pk = :p", { ":p": keys.userTeaches(tenantId, userId) }, "groupId", "gsi1");
  }

  async groupsOf(tenantId: string, userId: string): Promise<string[]> {
    return this.queryIds("gsi1pk = :p", { ":p": keys.userMemberOf(tenantId, userId) }, "groupId", "gsi1");
  }

  private async queryIds(condition: string, values: Record<string, unknown>, field: string, index?: string) {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: start,
        }),
      );
      ids.push(...(page.Items ?? []).map((i) => i[field] as string));
      start = page.LastEvaluatedKey;
    } while (start);
    return ids;
  }

  private groupItem(group: Group) {
    return {
      ...keys.group(group.tenantId, group.groupId),
      ...keys.groupList(group.tenantId, group.name, group.groupId),
      ...group,
      searchName: foldCase(group.name),
    };
  }
}

function toGroup(item: Record<string, unknown>): Group {
  const { searchName: _s, ...rest } = withoutKeys(item);
  return { memberCount: 0, ...rest } as Group;
}
