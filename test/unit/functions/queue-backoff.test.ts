import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { queueBatchFunction, queueFunction } from "../../../functions/middleware/queue-function.js";

const record = (id: string, body: unknown): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: "3" },
    messageAttributes: {},
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-2:000000000000:work",
  }) as unknown as SQSRecord;

const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const context = { functionName: "test", awsRequestId: "r" } as Context;
const timeout = () => Object.assign(new Error("timed out"), { name: "TimeoutError", $metadata: {} });

/** A backoff that records what it was asked to defer. */
function recordingBackoff() {
  const deferred: string[] = [];
  return {
    deferred,
    backoff: () => ({
      defer: async (rs: readonly SQSRecord[]) => void deferred.push(...rs.map((r) => r.messageId)),
    }),
  };
}

const schema = z.object({ fail: z.enum(["outage", "bug", "no"]) });

describe("queue consumers in an outage", () => {
  it("report every failed record, and space the retries of those that failed for an outage only", async () => {
    const { deferred, backoff } = recordingBackoff();
    const handler = queueFunction(
      schema,
      async (m) => {
        if (m.fail === "outage") throw timeout();
        if (m.fail === "bug") throw new TypeError("bug");
      },
      { backoff },
    );
    const response = (await handler(
      event(record("a", { fail: "outage" }), record("b", { fail: "bug" }), record("c", { fail: "no" })),
      context,
    )) as SQSBatchResponse;
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["a", "b"]);
    expect(deferred).toEqual(["a"]);
  });

  it("space the retries even when the whole batch failed and the invocation fails", async () => {
    const { deferred, backoff } = recordingBackoff();
    const handler = queueFunction(schema, async () => Promise.reject(timeout()), { backoff });
    await expect(handler(event(record("only", { fail: "outage" })), context)).rejects.toThrow();
    expect(deferred).toEqual(["only"]);
  });

  it("fail and space every valid record of a batch consumer whose dependency is out; a bug still fails the invocation", async () => {
    const { deferred, backoff } = recordingBackoff();
    const out = queueBatchFunction(schema, async () => Promise.reject(timeout()), { backoff });
    const response = (await out(
      event(record("x", { fail: "no" }), record("y", "not valid")),
      context,
    )) as SQSBatchResponse;
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["x", "y"]);
    expect(deferred).toEqual(["x"]);
    const buggy = queueBatchFunction(schema, async () => Promise.reject(new TypeError("bug")), { backoff });
    await expect(buggy(event(record("z", { fail: "no" })), context)).rejects.toThrow("bug");
    expect(deferred).toEqual(["x"]);
  });
});
