import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { LayoutId, StoredLayout } from "../../domain/email-layout.js";
import { ConflictError } from "../../domain/errors.js";
import type { EmailLayoutStore } from "../../ports/email-layouts.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";

/** One item per tenant and layout (`LAYOUT#<id>` in the tenant's partition), versioned for concurrent saves. */
export class DynamoEmailLayoutStore implements EmailLayoutStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, layoutId: LayoutId): Promise<StoredLayout | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.emailLayout(tenantId, layoutId) }),
    );
    return Item ? (withoutKeys(Item) as StoredLayout) : undefined;
  }

  async list(tenantId: string): Promise<StoredLayout[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": keys.tenantPartition(tenantId),
          ":prefix": keys.emailLayoutPrefix,
        },
      }),
    );
    return Items.map((item) => withoutKeys(item) as StoredLayout);
  }

  async put(layout: StoredLayout): Promise<void> {
    const saved = await conditionally(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.emailLayout(layout.tenantId, layout.layoutId), ...layout },
          ConditionExpression: layout.version === 1 ? "attribute_not_exists(pk)" : "version = :previous",
          ...(layout.version > 1 && { ExpressionAttributeValues: { ":previous": layout.version - 1 } }),
        }),
      ),
    );
    if (!saved) {
      throw new ConflictError(
        `The ${layout.layoutId} layout was changed meanwhile; load it again and retry.`,
      );
    }
  }
}
