import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/local/invoke.js";
import { startPoller } from "../../infra/local/poller.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { queues } from "../../lib/topology/index.js";
import { redriveCommand, redriveUsage } from "../../scripts/redrive.js";
import { client, createTestTenant, eventually, everyoneRoster, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let sqs: SQSClient;
const pollers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false, visibilityTimeoutSeconds: 3 });
  api = client(runtime);
  sqs = new SQSClient({
    endpoint: runtime.emulators.sqs,
    region: "eu-west-2",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
});
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  sqs?.destroy();
  await runtime?.stop();
});

/**
 * The job queues' consumers, but not their dead-letter consumer: dead letters stay in the DLQ, as they do on AWS
 * while the dead-letter consumer cannot run (or its event source is disabled to keep them for a redrive).
 */
async function startJobConsumers() {
  for (const name of ["fanout", "work"] as const) {
    const queueUrl = runtime.queues[name].url;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    const { consumer, batchSize, maxConcurrency } = queues[name];
    pollers.push(
      startPoller({
        sqs,
        queueUrl,
        queueArn: Attributes?.QueueArn ?? "",
        consumer,
        batchSize,
        maxConcurrency,
        log: () => undefined,
      }),
    );
  }
}

async function depth(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** The environment the command reads (the local runtime's env.json). */
const env = () => ({
  WORK_QUEUE_URL: runtime.queues.work.url,
  SQS_ENDPOINT: runtime.emulators.sqs,
  AWS_REGION: "eu-west-2",
});

describe("redrive", () => {
  it("moves a dead-lettered chunk back once the fault is healed: every user is created once, and again is harmless", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const { users, groups, memberships } = everyoneRoster(1000, { inGroup: false });
    const accepted = await api("POST", "/v1/roster", { apiKey, json: { groups, users, memberships } });
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.jobId as string;

    // The fault: one stored chunk is unreadable, so its message fails every receive and is dead-lettered.
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    const chunkKey = keys.jobChunk(tenantId, jobId, 1, 3);
    const { Item } = await db.send(new GetCommand({ TableName: runtime.tableName, Key: chunkKey }));
    const rows = Item?.rows as unknown[];
    expect(rows).toHaveLength(100);
    const setRows = (value: unknown) =>
      db.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: chunkKey,
          UpdateExpression: "SET #rows = :rows",
          ExpressionAttributeNames: { "#rows": "rows" },
          ExpressionAttributeValues: { ":rows": value },
        }),
      );
    await setRows("not rows");
    await startJobConsumers();

    await eventually(async () => ((await depth(runtime.queues.work.dlqUrl)) >= 1 ? true : undefined), 90_000);
    await eventually(async () => ((await depth(runtime.queues.work.url)) === 0 ? true : undefined), 60_000);
    // On a busy machine a slow good chunk may outlive the short test visibility timeout five times too: count all.
    const deadLetters = await depth(runtime.queues.work.dlqUrl);
    const stuck = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
    expect(stuck.body).toMatchObject({ status: "running", total: 1001, failed: 0 });
    expect(stuck.body.processed).toBeLessThanOrEqual(901);

    // The dead letter as it is (peeked: visible again at once), to send a duplicate of it later.
    const peeked = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.queues.work.dlqUrl, VisibilityTimeout: 0 }),
    );
    const deadLetter = peeked.Messages?.[0]?.Body ?? "";
    expect(JSON.parse(deadLetter)).toMatchObject({ jobId, phase: 1, rows: 100 });

    // Healed, then redriven with the command's own module: the chunk is applied and the job completes in full.
    await setRows(rows);
    const printed: string[] = [];
    const result = await redriveCommand("work", env(), (line) => printed.push(line), { pollMs: 200 });
    expect(result).toMatchObject({ status: "COMPLETED", moved: deadLetters });
    expect(printed.at(-1)).toMatch(
      new RegExp(
        `^Redrive of work completed: ${deadLetters} message\\(s\\) moved from .*work-dlq to .*work$`,
      ),
    );
    expect(await depth(runtime.queues.work.dlqUrl)).toBe(0);
    const finished = async () => {
      const job = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
      return job.body.status === "running" ? undefined : job.body;
    };
    expect(await eventually(finished, 30_000)).toMatchObject({
      status: "completed",
      total: 1001,
      processed: 1001,
      failed: 0,
    });
    const usernames = async () => {
      const found = await api<{ items: { username: string }[] }>("GET", "/v1/users?search=user35&limit=50", {
        apiKey,
      });
      return found.body.items.map((u) => u.username).sort();
    };
    const expected = ["user35", ...Array.from({ length: 10 }, (_, i) => `user35${i}`)].sort();
    expect(await usernames()).toEqual(expected);

    // Again, with nothing dead-lettered: nothing moves.
    expect(await redriveCommand("work", env(), () => undefined, { pollMs: 200 })).toMatchObject({
      status: "COMPLETED",
      moved: 0,
    });
    // And a duplicate of the same chunk (a redrive repeated after an interruption) changes nothing.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.work.dlqUrl,
        MessageBody: deadLetter,
      }),
    );
    expect(await redriveCommand("work", env(), () => undefined, { pollMs: 200 })).toMatchObject({ moved: 1 });
    await eventually(async () => ((await depth(runtime.queues.work.url)) === 0 ? true : undefined), 30_000);
    const after = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
    expect(after.body).toMatchObject({ status: "completed", processed: 1001, failed: 0 });
    expect(await usernames()).toEqual(expected);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.queues.work.dlqUrl, WaitTimeSeconds: 0 }),
    );
    expect(Messages ?? []).toHaveLength(0);
  });
});

describe("a redrive started while an earlier one still runs", () => {
  it("follows the running task to its end instead of starting a second (SQS allows one per queue)", async () => {
    const { url, dlqUrl } = runtime.queues.email;
    for (let i = 0; i < 4; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify({ n: i }) }));
    }
    const arn = async (queueUrl: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] })))
        .Attributes?.QueueArn;
    // The interrupted run's task: slow, so it is still running when the command starts.
    await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: await arn(dlqUrl),
        DestinationArn: await arn(url),
        MaxNumberOfMessagesPerSecond: 1,
      }),
    );
    const printed: string[] = [];
    const result = await redriveCommand("email", { ...env(), EMAIL_QUEUE_URL: url }, (l) => printed.push(l), {
      pollMs: 200,
    });
    expect(printed[0]).toMatch(/^RUNNING: /);
    expect(result).toMatchObject({ status: "COMPLETED", moved: 4 });
    expect(await depth(dlqUrl)).toBe(0);
    expect(await depth(url)).toBe(4);
  });
});

describe("npm run operator -- redrive", () => {
  const run = async (...args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/operator.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );

  it("refuses an unknown or missing queue with exit code 2 and the usage line, before touching anything", async () => {
    for (const args of [
      ["redrive", "widgets"],
      ["redrive"],
      ["redrive", "work", "email"],
      ["redrive", "__proto__"],
    ]) {
      const { code, stderr } = await run(...args, "--state-dir", "/nonexistent");
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(redriveUsage);
    }
  });

  it("redrives the running local service's queue (found through its env.json) and prints what moved", async () => {
    const { code, stdout } = await run("redrive", "emails", "--state-dir", runtime.stateDir);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Redrive of email completed: 0 message\(s\) moved from \S+email-dlq to \S+email$/m,
    );
  });
});
