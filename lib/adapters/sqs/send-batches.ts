import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { backoff } from "../backoff.js";

/** SendMessageBatch, 10 entries a call, resending entries SQS reports as failed; throws if any stay failed. */
export async function sendBatches(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly unknown[],
): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    let entries = bodies
      .slice(i, i + 10)
      .map((body, n) => ({ Id: String(n), MessageBody: JSON.stringify(body) }));
    for (let attempt = 0; entries.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt, 100, 3000);
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((result.Failed ?? []).map((f) => f.Id));
      if (failed.size > 0 && attempt >= 4) throw new Error(`SQS rejected ${failed.size} messages`);
      entries = entries.filter((e) => failed.has(e.Id));
    }
  }
}
