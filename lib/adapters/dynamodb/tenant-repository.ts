import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import type { Tenant } from "../../domain/model.js";
import type { EarlyYearsSettings } from "../../domain/pupil-pin.js";
import type { ApiKeyRecord, TenantPatch, TenantRepository } from "../../ports/tenant-repository.js";
import { conditionally, isConditionFailure } from "./client.js";
import { keys, withoutKeys } from "./keys.js";

export class DynamoTenantRepository implements TenantRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string): Promise<Tenant | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.tenant(tenantId) }),
    );
    return Item ? (withoutKeys(Item) as Tenant) : undefined;
  }

  async create(tenant: Tenant): Promise<void> {
    const created = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.tenant(tenant.tenantId), ...tenant },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
    if (!created) throw new ConflictError(`Tenant ${tenant.tenantId} already exists`);
  }

  async update(tenantId: string, patch: TenantPatch, now: Date): Promise<Tenant> {
    const { preferences = {}, ...fields } = patch;
    const sets: [string[], unknown][] = [
      ...Object.entries({ ...fields, updatedAt: now.toISOString() }).map(
        ([k, v]) => [[k], v] as [string[], unknown],
      ),
      ...Object.entries(preferences).map(([k, v]) => [["preferences", k], v] as [string[], unknown]),
    ].filter(([, v]) => v !== undefined);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const assignments = sets.map(([path, value], i) => {
      values[`:v${i}`] = value;
      return `${path
        .map((segment, s) => {
          names[`#n${i}_${s}`] = segment;
          return `#n${i}_${s}`;
        })
        .join(".")} = :v${i}`;
    });
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tenant(tenantId),
          UpdateExpression: `SET ${assignments.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ConditionExpression: "attribute_exists(pk)",
          ReturnValues: "ALL_NEW",
        }),
      );
      return withoutKeys(Attributes ?? {}) as Tenant;
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError("Tenant");
      throw error;
    }
  }

  async replaceEarlyYears(
    tenantId: string,
    expected: EarlyYearsSettings | undefined,
    next: EarlyYearsSettings,
    now: Date,
  ): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tenant(tenantId),
          UpdateExpression: "SET earlyYears = :next, updatedAt = :now",
          ConditionExpression: expected
            ? "attribute_exists(pk) AND earlyYears = :expected"
            : "attribute_exists(pk) AND attribute_not_exists(earlyYears)",
          ExpressionAttributeValues: {
            ":next": next,
            ":now": now.toISOString(),
            ...(expected && { ":expected": expected }),
          },
        }),
      ),
    );
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.apiKey(record.tenantId, record.hash), ...record },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async findApiKey(tenantId: string, hash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(tenantId, hash), ConsistentRead: true }),
    );
    return Item && !Item.revokedAt ? (withoutKeys(Item) as ApiKeyRecord) : undefined;
  }

  /** A tenant has few keys (one per integration): read them all from the tenant partition. */
  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    const out: ApiKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.tenantPartition(tenantId), ":prefix": keys.apiKeyPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) if (!item.revokedAt) out.push(withoutKeys(item) as ApiKeyRecord);
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revokeApiKey(tenantId: string, keyId: string, now: Date): Promise<boolean> {
    const record = (await this.listApiKeys(tenantId)).find((key) => key.keyId === keyId);
    if (!record) return false;
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(tenantId, record.hash),
          UpdateExpression: "SET revokedAt = :now",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
          ExpressionAttributeValues: { ":now": now.toISOString() },
        }),
      ),
    );
  }

  async recordApiKeyUse(tenantId: string, hash: string, now: Date, notBefore: Date): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(tenantId, hash),
          UpdateExpression: "SET lastUsedAt = :now",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)",
          ExpressionAttributeValues: { ":now": now.toISOString(), ":notBefore": notBefore.toISOString() },
        }),
      ),
    );
  }
}
