import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import type { Tenant } from "../../domain/model.js";
import type { ApiKeyRecord, TenantRepository } from "../../ports/tenant-repository.js";
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

  async update(
    tenantId: string,
    patch: Partial<Pick<Tenant, "name" | "environmentName" | "preferences">>,
    now: Date,
  ): Promise<Tenant> {
    const fields = Object.entries({ ...patch, updatedAt: now.toISOString() }).filter(
      ([, v]) => v !== undefined,
    );
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.tenant(tenantId),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
          ExpressionAttributeNames: Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])),
          ExpressionAttributeValues: Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])),
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
}
