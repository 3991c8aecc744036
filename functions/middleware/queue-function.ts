import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { z } from "zod";
import { logger, metrics } from "../observability.js";
import { annotateTrace, tracing } from "./tracing.js";

/**
 * Builds an SQS consumer: each record's body is validated with `schema` and handled on its own; failed records
 * are reported in `batchItemFailures` so only they are retried (and dead-lettered after maxReceiveCount).
 */
export function queueFunction<S extends z.ZodType>(
  schema: S,
  handle: (message: z.output<S>, record: SQSRecord) => Promise<void>,
) {
  const record = async (record: SQSRecord) => {
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
      .handler(async (event, context) =>
        processPartialResponse(event, record, new BatchProcessor(EventType.SQS), { context }),
      )
  );
}

/**
 * Builds an SQS consumer that handles its batch as a whole (e.g. sends emails in bulk): valid records go to
 * `handle` together; it returns the records that failed, which (with any that did not parse) are reported in
 * `batchItemFailures`.
 */
export function queueBatchFunction<S extends z.ZodType>(
  schema: S,
  handle: (batch: { message: z.output<S>; record: SQSRecord }[]) => Promise<SQSRecord[]>,
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
      failed.push(...(await handle(batch)));
      metrics.addMetric("MessageProcessed", MetricUnit.Count, event.Records.length - failed.length);
      if (failed.length > 0) metrics.addMetric("MessageFailed", MetricUnit.Count, failed.length);
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
    });
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
