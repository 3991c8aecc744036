import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { SqsRetryBackoff } from "../../lib/adapters/sqs/retry-backoff.js";
import { startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let sqs: SQSClient;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false, visibilityTimeoutSeconds: 1 });
  sqs = new SQSClient({
    endpoint: runtime.emulators.sqs,
    region: "eu-west-2",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
});
afterAll(async () => {
  sqs?.destroy();
  await runtime?.stop();
});

const receive = async (url: string) =>
  (
    await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, AttributeNames: ["All"] }),
    )
  ).Messages ?? [];

describe("spacing retries after an outage (ChangeMessageVisibility on local-aws-sqs, as on SQS)", () => {
  it("hides a failed message for its backoff, not the queue's visibility timeout, then it comes back", async () => {
    const url = runtime.queues.email.url;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "{}" }));
    const [first] = await receive(url);
    expect(first?.Attributes?.ApproximateReceiveCount).toBe("1");
    // The second receive's backoff on a 2 s base: 4 s, far past the queue's 1 s visibility timeout.
    const backoff = new SqsRetryBackoff(sqs, { baseSeconds: 2, maxSeconds: 16 });
    const deferredAt = Date.now();
    await backoff.defer([
      {
        eventSourceARN: Attributes?.QueueArn ?? "",
        receiptHandle: first?.ReceiptHandle ?? "",
        attributes: { ApproximateReceiveCount: "2" },
      },
    ]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await receive(url)).toEqual([]);
    let again: Awaited<ReturnType<typeof receive>> = [];
    while (again.length === 0 && Date.now() - deferredAt < 10_000) {
      await new Promise((r) => setTimeout(r, 250));
      again = await receive(url);
    }
    expect(again.map((m) => m.MessageId)).toEqual([first?.MessageId]);
    // A visibility change is not a receive (SQS's rule; local-aws-sqs is fixed to follow it: sqs-emulator.ts).
    expect(again[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(Date.now() - deferredAt).toBeGreaterThanOrEqual(3800);
  });
});
