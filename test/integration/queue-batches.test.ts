import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPoller } from "../../infra/local/poller.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { queueEmail, sealedTo } from "../../lib/app/emails/queue-email.js";
import { queues } from "../../lib/topology/index.js";
import { createTestTenant, eventually, sentEmails, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;

// No pollers of the runtime's own: the test polls the email queue itself, through a client that records receives.
// A 1 s visibility timeout makes retries quick, so the batch must go out within it: a send rate of 50 a second.
beforeAll(async () => {
  process.env.EMAIL_MAX_SEND_RATE = "50";
  runtime = await startTestRuntime({ pollers: false, visibilityTimeoutSeconds: 1 });
});
afterAll(async () => runtime?.stop());

const depth = async (sqs: SQSClient, url: string) => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

describe("a batch of 10 queued emails with one poison message", () => {
  it(`deletes the 9 that were sent; only the poison one comes back, and after ${queues.email.maxReceiveCount} receives it is in the DLQ`, async () => {
    const sqs = new SQSClient({
      endpoint: runtime.emulators.sqs,
      region: "eu-west-2",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    const { tenantId } = await createTestTenant(runtime);
    const deps = runtime.deps();
    const addresses = Array.from({ length: 9 }, (_, i) => `batch${i}.${tenantId}@batch.example`);
    for (const to of addresses) {
      await queueEmail(deps, {
        tenantId,
        layoutId: "PASSWORD_CHANGED_NOTICE",
        to,
        values: { FIRST_NAME: "Sam", LAST_NAME: "Batch", USERNAME: "sam", CHANGED_AT: "today" },
      });
    }
    // Its sealed values belong to another email: they never open, so every attempt fails.
    const poisonTo = `poison.${tenantId}@batch.example`;
    await deps.outbox.enqueue({
      tenantId,
      emailId: "poison",
      layoutId: "PINCODE_EMAIL_BODY",
      to: poisonTo,
      values: {},
      sealed: await deps.secretBox.seal("{}", sealedTo(tenantId, "another-email")),
    });
    expect(await depth(sqs, runtime.queues.email.url)).toBe(10);

    const receives: { body: string; batch: number }[] = [];
    const recording = {
      send: async (command: unknown, options?: unknown) => {
        const result = await (sqs.send as (c: unknown, o?: unknown) => Promise<{ Messages?: Message[] }>)(
          command,
          options,
        );
        if (command instanceof ReceiveMessageCommand) {
          for (const m of result.Messages ?? []) {
            receives.push({ body: m.Body ?? "", batch: result.Messages?.length ?? 0 });
          }
        }
        return result;
      },
    } as unknown as SQSClient;
    const poller = startPoller({
      sqs: recording,
      queueUrl: runtime.queues.email.url,
      queueArn: "arn:aws:sqs:eu-west-2:000000000000:email",
      consumer: queues.email.consumer,
      batchSize: queues.email.batchSize,
      maxConcurrency: queues.email.maxConcurrency,
      log: () => undefined,
    });
    try {
      await eventually(
        async () => ((await depth(sqs, runtime.queues.email.dlqUrl)) === 1 ? true : undefined),
        90_000,
        250,
      );
      // Give the poller a moment: nothing may come back after the dead letter.
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      await poller.stop();
    }
    const isPoison = (body: string) => body.includes('"emailId":"poison"');
    // The first receive held all ten; each good email was received once and sent once.
    expect(receives[0]?.batch).toBe(10);
    const good = receives.filter((r) => !isPoison(r.body));
    expect(new Set(good.map((r) => r.body)).size).toBe(9);
    expect(good).toHaveLength(9);
    const sent = await sentEmails(runtime);
    for (const to of addresses) {
      expect(
        sent.filter((e) => JSON.stringify(e.destination ?? e.to).includes(to)),
        to,
      ).toHaveLength(1);
    }
    // The poison one came back alone, maxReceiveCount times, and then went to the DLQ.
    const poison = receives.filter((r) => isPoison(r.body));
    expect(poison).toHaveLength(queues.email.maxReceiveCount);
    expect(poison.slice(1).every((r) => r.batch === 1)).toBe(true);
    expect(sent.filter((e) => JSON.stringify(e.destination ?? e.to).includes(poisonTo))).toEqual([]);
    expect(await depth(sqs, runtime.queues.email.url)).toBe(0);
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: runtime.queues.email.dlqUrl, MaxNumberOfMessages: 10 }),
    );
    expect(dead.Messages?.map((m) => isPoison(m.Body ?? ""))).toEqual([true]);
  }, 120_000);
});
