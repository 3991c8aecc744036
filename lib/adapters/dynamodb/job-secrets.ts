import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { JobSecrets } from "../../ports/job-secrets.js";
import type { Sealed } from "../../ports/secret-box.js";
import { keys } from "./keys.js";

/** A forgotten secret (a job that never ended) is deleted by TTL after this long. */
const secretSeconds = 14 * 24 * 3600;

/** One `SECRET` item in the job's partition. */
export class DynamoJobSecrets implements JobSecrets {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(tenantId: string, jobId: string, sealed: Sealed): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.jobSecret(tenantId, jobId),
          sealed,
          expiresAt: Math.floor(Date.now() / 1000) + secretSeconds,
        },
      }),
    );
  }

  async get(tenantId: string, jobId: string): Promise<Sealed | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.jobSecret(tenantId, jobId),
        ConsistentRead: true,
      }),
    );
    return Item?.sealed as Sealed | undefined;
  }

  async delete(tenantId: string, jobId: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.jobSecret(tenantId, jobId) }),
    );
  }
}
