import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { queues } from "../../lib/topology/index.js";
import { client, createTestTenant, eventually, everyoneRoster, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false, visibilityTimeoutSeconds: 1 });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

describe("a poison work message", () => {
  it(`is retried ${queues.work.maxReceiveCount} times, dead-lettered, and counted as failed so the job still finishes`, async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const { users, groups, memberships } = everyoneRoster(1000, { inGroup: true });
    const accepted = await api("POST", "/v1/roster", { apiKey, json: { groups, users, memberships } });
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.jobId as string;

    // Corrupt one stored chunk before any consumer runs: every attempt to process it now throws.
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    await db.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.jobChunk(tenantId, jobId, 1, 3),
        UpdateExpression: "SET #rows = :garbage",
        ExpressionAttributeNames: { "#rows": "rows" },
        ExpressionAttributeValues: { ":garbage": "not rows" },
      }),
    );
    runtime.startPollers();

    const job = await eventually(
      async () => {
        const r = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
        return ["completed", "completed_with_failures", "failed"].includes(r.body.status as string)
          ? r.body
          : undefined;
      },
      90_000,
      500,
    );
    // Phase 1 (1 group + 1,000 users) loses the dead chunk's 100 rows; phase 2 still runs, and the memberships of
    // the 100 users that were never created fail row by row.
    expect(job).toMatchObject({
      status: "completed_with_failures",
      total: 2001,
      processed: 1801,
      failed: 200,
    });
    const errors = job.errors as { section?: string; reason: string }[];
    expect(errors.filter((e) => e.reason.includes("chunk 1.3 (100 rows)"))).toHaveLength(1);
    expect(
      errors.filter((e) => e.section === "memberships" && e.reason.includes("unknown user")),
    ).toHaveLength(100);

    // The dead letter was consumed (nothing left behind in the DLQ), and the users of good chunks exist.
    const sqs = new SQSClient({
      endpoint: runtime.emulators.sqs,
      region: "eu-west-2",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: runtime.queues.work.dlqUrl, AttributeNames: ["All"] }),
    );
    expect(
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    ).toBe(0);
    const found = await api<{ items: unknown[] }>("GET", "/v1/users?search=user999", { apiKey });
    expect(found.body.items).toHaveLength(1);
    const lost = await api<{ items: unknown[] }>("GET", "/v1/users?search=user350", { apiKey });
    expect(lost.body.items).toHaveLength(0);
  });
});
