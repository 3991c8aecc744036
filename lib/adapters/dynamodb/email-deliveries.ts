import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { EmailDeliveries, EmailDelivery, EmailStatus } from "../../ports/mailer.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";
import { queryPage } from "./paging.js";

/** Delivery records are kept this long (TTL), long enough to answer "did my email go?". */
const keepSeconds = 90 * 24 * 3600;

/** One item per email in the tenant's `EMAILS` partition, sorted by id (ids start with their creation time). */
export class DynamoEmailDeliveries implements EmailDeliveries {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordQueued(delivery: Omit<EmailDelivery, "status" | "updatedAt">): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.emailDelivery(delivery.tenantId, delivery.emailId),
          ...delivery,
          status: "queued",
          updatedAt: delivery.createdAt,
          expiresAt: Math.floor(Date.parse(delivery.createdAt) / 1000) + keepSeconds,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(tenantId: string, emailId: string): Promise<EmailDelivery | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.emailDelivery(tenantId, emailId),
        ConsistentRead: true,
      }),
    );
    return Item ? view(Item) : undefined;
  }

  async list(tenantId: string, page: { limit: number; cursor?: string; status?: EmailStatus }) {
    const pk = keys.emailDeliveries(tenantId);
    const result = await queryPage(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :p",
        ...(page.status && {
          FilterExpression: "#status = :status",
          ExpressionAttributeNames: { "#status": "status" },
        }),
        ExpressionAttributeValues: { ":p": pk, ...(page.status && { ":status": page.status }) },
        ScanIndexForward: false,
      },
      page.limit,
      page.cursor,
      (key) => key.pk === pk,
    );
    return { items: result.items.map(view), ...(result.cursor && { cursor: result.cursor }) };
  }

  async markSent(tenantId: string, emailId: string, sesMessageId: string, now: Date): Promise<void> {
    await this.update(tenantId, emailId, "sent", now, { sesMessageId, sentAt: now.toISOString() });
  }

  async markDeferred(tenantId: string, emailId: string, reason: string, now: Date): Promise<void> {
    await this.update(tenantId, emailId, "deferred", now, { reason });
  }

  async markFailed(tenantId: string, emailId: string, reason: string, now: Date): Promise<void> {
    await this.update(tenantId, emailId, "failed", now, { reason });
  }

  /** Changes the status unless the email was already sent (a late failure never hides a send). */
  private async update(
    tenantId: string,
    emailId: string,
    status: EmailDelivery["status"],
    now: Date,
    fields: Record<string, string>,
  ) {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = { ":status": status, ":now": now.toISOString(), ":sent": "sent" };
    const sets = ["#status = :status", "updatedAt = :now"];
    for (const [i, [name, value]] of Object.entries(fields).entries()) {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
    }
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.emailDelivery(tenantId, emailId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "attribute_exists(pk) AND #status <> :sent",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}

function view(item: Record<string, unknown>): EmailDelivery {
  const { expiresAt: _e, ...rest } = withoutKeys(item);
  return rest as EmailDelivery;
}
