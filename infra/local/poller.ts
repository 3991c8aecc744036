import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { FunctionName } from "../../lib/topology/index.js";
import { invoke } from "./invoke.js";

export type PollerOptions = {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  consumer: FunctionName;
  batchSize: number;
  maxConcurrency: number;
  log: (line: string) => void;
};

/**
 * Polls one queue like Lambda's SQS event source mapping: receives up to `batchSize` messages, invokes the real
 * consumer with an SQS event (at most `maxConcurrency` invocations at once), deletes the messages that succeeded
 * and leaves `batchItemFailures` (or the whole batch, if the invocation failed) to reappear after the visibility
 * timeout — so the queue's redrive policy moves them to the DLQ after maxReceiveCount receives.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();

  const loop = async () => {
    while (running) {
      if (inFlight.size >= options.maxConcurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: Message[] = [];
      try {
        const result = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
            // local-aws-sqs reads only the older name: without it every record said ApproximateReceiveCount "1",
            // so a consumer could not back off by receive count as it does on SQS.
            AttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
          { abortSignal: abort.signal },
        );
        messages = result.Messages ?? [];
      } catch (error) {
        if (!running) break;
        options.log(`poll ${options.consumer}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const task = deliver(options, messages).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  };
  const done = loop();

  return {
    async stop() {
      running = false;
      abort.abort();
      await done.catch(() => undefined);
      await Promise.allSettled(inFlight);
    },
  };
}

async function deliver(options: PollerOptions, messages: Message[]): Promise<void> {
  const event: SQSEvent = {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? "",
      receiptHandle: m.ReceiptHandle ?? "",
      body: m.Body ?? "",
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? "local",
        ApproximateFirstReceiveTimestamp:
          m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: options.queueArn,
      awsRegion: "eu-west-2",
    })),
  };
  let failed: Set<string>;
  try {
    const response = (await invoke(options.consumer, event)) as SQSBatchResponse | undefined;
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    options.log(`${options.consumer} invocation failed: ${(error as Error).message}`);
    return;
  }
  const succeeded = messages.filter((m) => !failed.has(m.MessageId ?? ""));
  if (succeeded.length === 0) return;
  await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
    }),
  );
}
