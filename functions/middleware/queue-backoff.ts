import type { SQSRecord } from "aws-lambda";
import { logger } from "../observability.js";
import { retryBackoff } from "../wiring/sqs.js";

/**
 * Hides messages that failed for an outage for their backoff (`SqsRetryBackoff`), so their retries are spaced out
 * and an outage cannot use up maxReceiveCount in seconds. Never fails the invocation: if SQS refuses too, the
 * messages come back after the queue's visibility timeout, as they would have anyway.
 */
export async function retryLater(records: readonly SQSRecord[]): Promise<void> {
  if (records.length === 0) return;
  try {
    await retryBackoff().defer(
      records.map((r) => ({
        eventSourceARN: r.eventSourceARN,
        receiptHandle: r.receiptHandle,
        receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1) || 1,
      })),
    );
    logger.info("Retries deferred after an outage", { messages: records.length });
  } catch (error) {
    logger.warn("Could not defer the retries", { error: (error as Error).name });
  }
}
