import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { upsertEmailTemplate } from "../../lib/adapters/ses/ses-templates.js";
import type { LayoutId } from "../../lib/domain/email-layout.js";
import {
  deadLetterRetentionDays,
  deadLetterVisibilitySeconds,
  emailTemplates,
  platformTemplateName,
  type QueueName,
  queues,
  table,
} from "../../lib/topology/index.js";
import type { Emulators } from "./emulators.js";

export type QueueUrls = Record<QueueName, { url: string; dlqUrl: string }>;

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const region = "eu-west-2";

/**
 * Creates what the CDK app declares, on the emulators, from the same topology: the table (keys, GSIs, TTL), every
 * queue with its dead-letter queue and redrive policy, and every email template. Idempotent, so a persisted
 * DynamoDB keeps its data across starts.
 */
export async function createResources(
  emulators: Pick<Emulators, "dynamodb" | "sqs" | "ses">,
  prefix: string,
  overrides: { visibilityTimeoutSeconds?: number } = {},
): Promise<{ tableName: string; queues: QueueUrls; templatePrefix: string }> {
  const tableName = `${prefix}-table`;
  const templatePrefix = `${prefix}-`;
  await Promise.all([
    createTable(emulators.dynamodb, tableName),
    createTemplates(emulators.ses, templatePrefix),
  ]);
  return { tableName, queues: await createQueues(emulators.sqs, prefix, overrides), templatePrefix };
}

async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials });
  const attributes = new Set<string>([
    table.partitionKey,
    table.sortKey,
    ...table.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: "HASH" },
          { AttributeName: table.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
}

async function createQueues(
  endpoint: string,
  prefix: string,
  overrides: { visibilityTimeoutSeconds?: number },
): Promise<QueueUrls> {
  const client = new SQSClient({ endpoint, region, credentials });
  try {
    const entries = await Promise.all(
      (Object.keys(queues) as QueueName[]).map(async (name) => {
        const declaration = queues[name];
        const dlq = await client.send(
          new CreateQueueCommand({
            QueueName: `${prefix}-${name}-dlq`,
            Attributes: {
              MessageRetentionPeriod: String(deadLetterRetentionDays * 24 * 3600),
              ...visibility(overrides.visibilityTimeoutSeconds ?? deadLetterVisibilitySeconds(declaration)),
            },
          }),
        );
        const dlqUrl = dlq.QueueUrl as string;
        const { Attributes } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }),
        );
        const queue = await client.send(
          new CreateQueueCommand({
            QueueName: `${prefix}-${name}`,
            Attributes: {
              VisibilityTimeout: String(
                overrides.visibilityTimeoutSeconds ?? declaration.visibilityTimeoutSeconds,
              ),
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: Attributes?.QueueArn,
                maxReceiveCount: declaration.maxReceiveCount,
              }),
            },
          }),
        );
        return [name, { url: queue.QueueUrl as string, dlqUrl }] as const;
      }),
    );
    return Object.fromEntries(entries) as QueueUrls;
  } finally {
    client.destroy();
  }
}

const visibility = (seconds: number | undefined) =>
  seconds === undefined ? {} : { VisibilityTimeout: String(seconds) };

async function createTemplates(endpoint: string, templatePrefix: string): Promise<void> {
  const client = new SESv2Client({ endpoint, region, credentials });
  try {
    for (const [id, template] of Object.entries(emailTemplates)) {
      await upsertEmailTemplate(client, platformTemplateName(templatePrefix, id as LayoutId), {
        Subject: template.subject,
        Html: template.html,
        Text: template.text,
      });
    }
  } finally {
    client.destroy();
  }
}
