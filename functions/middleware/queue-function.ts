import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { z } from "zod";
import { isOutage } from "../../lib/shared/outage.js";
import { logger, metrics } from "../observability.js";
import { annotateTrace, tracing } from "./tracing.js";

/**
 * Spaces the retries of records that failed in an outage (`functions/wiring/sqs.ts` `retryBackoff`): a consumer
 * passes it, so the middleware itself loads no SQS client.
 */
export type RetryBackoff = () => { defer(records: readonly SQSRecord[]): Promise<void> };

/**
 * Hides records that failed for an outage for their backoff, so their retries are spaced out and an outage cannot
 * use up maxReceiveCount in seconds. Never fails the invocation: if SQS refuses too, the records come back after
 * the queue's visibility timeout, as they would have anyway.
 */
export async function retryLater(backoff: RetryBackoff | undefined, records: readonly SQSRecord[]) {
  if (!backoff || records.length === 0) return;
  try {
    await backoff().defer(records);
    logger.info("Retries deferred after an outage", { messages: records.length });
  } catch (error) {
    logger.warn("Could not defer the retries", { error: (error as Error).name });
  }
}

/**
 * Builds an SQS consumer: each record's body is validated with `schema` and handled on its own; failed records
 * are reported in `batchItemFailures` so only they are retried (and dead-lettered after maxReceiveCount). Records
 * that failed for an outage (`isOutage`) are retried after a backoff (`retryLater`).
 */
export function queueFunction<S extends z.ZodType>(
  schema: S,
  handle: (message: z.output<S>, record: SQSRecord) => Promise<void>,
  options: { backoff?: RetryBackoff } = {},
) {
  const record = async (record: SQSRecord, outages: SQSRecord[]) => {
    const message = schema.parse(JSON.parse(record.body));
    annotateTrace(jobOf(message));
    try {
      await handle(message, record);
      metrics.addMetric("MessageProcessed", MetricUnit.Count, 1);
    } catch (error) {
      logger.warn("Message failed", {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: (error as Error).message,
      });
      metrics.addMetric("MessageFailed", MetricUnit.Count, 1);
      if (isOutage(error)) outages.push(record);
      throw error;
    }
  };
  return (
    middy<SQSEvent, SQSBatchResponse, Error, Context>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(tracing())
      .use(logMetrics(metrics, { captureColdStartMetric: true }))
      // A processor per invocation: it holds the batch's failures, and the local runtime (like Lambda's
      // multi-concurrency mode) may run several invocations of this module at once.
      .handler(async (event, context) => {
        const outages: SQSRecord[] = [];
        try {
          return await processPartialResponse(
            event,
            (r: SQSRecord) => record(r, outages),
            new BatchProcessor(EventType.SQS),
            { context },
          );
        } finally {
          // Also when every record failed (the processor then throws): their retries are spaced all the same.
          await retryLater(options.backoff, outages);
        }
      })
  );
}

/**
 * Builds an SQS consumer that handles its batch as a whole (e.g. sends emails in bulk): valid records go to
 * `handle` together; it returns the records that failed, which (with any that did not parse) are reported in
 * `batchItemFailures`. If `handle` throws for an outage, every valid record is retried after a backoff.
 */
export function queueBatchFunction<S extends z.ZodType>(
  schema: S,
  handle: (batch: { message: z.output<S>; record: SQSRecord }[]) => Promise<SQSRecord[]>,
  options: { backoff?: RetryBackoff } = {},
) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(tracing())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      const failed: SQSRecord[] = [];
      const batch: { message: z.output<S>; record: SQSRecord }[] = [];
      for (const record of event.Records) {
        const parsed = schema.safeParse(safeJson(record.body));
        if (parsed.success) batch.push({ message: parsed.data, record });
        else {
          logger.warn("Message is not valid", { messageId: record.messageId });
          failed.push(record);
        }
      }
      // One trace per invocation: annotated when the whole batch is one tenant's (and one job's).
      const owners = batch.map((b) => jobOf(b.message));
      const first = owners[0];
      if (first && owners.every((o) => o.tenant === first.tenant && o.job === first.job))
        annotateTrace(first);
      failed.push(...(await handleOrRetryLater(handle, batch, options.backoff)));
      metrics.addMetric("MessageProcessed", MetricUnit.Count, event.Records.length - failed.length);
      if (failed.length > 0) metrics.addMetric("MessageFailed", MetricUnit.Count, failed.length);
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
    });
}

async function handleOrRetryLater<M>(
  handle: (batch: { message: M; record: SQSRecord }[]) => Promise<SQSRecord[]>,
  batch: { message: M; record: SQSRecord }[],
  backoff: RetryBackoff | undefined,
): Promise<SQSRecord[]> {
  try {
    return await handle(batch);
  } catch (error) {
    if (!isOutage(error)) throw error;
    logger.warn("Batch failed: a dependency is unavailable", { error: (error as Error).name });
    const records = batch.map((b) => b.record);
    await retryLater(backoff, records);
    return records;
  }
}

/** The tenant and job a message belongs to, for the trace (job messages carry both, emails the tenant). */
function jobOf(message: unknown): { tenant?: string; job?: string } {
  const { tenantId, jobId } = (message ?? {}) as { tenantId?: unknown; jobId?: unknown };
  return {
    ...(typeof tenantId === "string" && { tenant: tenantId }),
    ...(typeof jobId === "string" && { job: jobId }),
  };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
