import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { invoke } from "../../infra/local/invoke.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { createTestTenant, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;

beforeAll(async () => {
  // Metrics published (EMF on stdout), read below.
  runtime = await startTestRuntime({ pollers: false, logLevel: "INFO", metrics: true });
});
afterAll(async () => runtime?.stop());

/** A job item whose `errors` is not a list: reading the job throws a plain TypeError, so the function logs an error. */
async function brokenJob(tenantId: string) {
  const jobId = `j${randomUUID().slice(0, 8)}`;
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  await db.send(
    new PutCommand({
      TableName: runtime.tableName,
      Item: { ...keys.job(tenantId, jobId), jobId, tenantId, status: "running", errors: 5 },
    }),
  );
  return jobId;
}

const getJobEvent = (apiKey: string, jobId: string): APIGatewayProxyEventV2 => ({
  version: "2.0",
  routeKey: "GET /v1/jobs/{jobId}",
  rawPath: `/v1/jobs/${jobId}`,
  rawQueryString: "",
  headers: { "x-api-key": apiKey },
  pathParameters: { jobId },
  requestContext: {
    accountId: "000000000000",
    apiId: "local",
    domainName: "localhost",
    domainPrefix: "local",
    http: {
      method: "GET",
      path: `/v1/jobs/${jobId}`,
      protocol: "HTTP/1.1",
      sourceIp: "127.0.0.1",
      userAgent: "",
    },
    requestId: randomUUID(),
    routeKey: "GET /v1/jobs/{jobId}",
    stage: "$default",
    time: new Date().toUTCString(),
    timeEpoch: Date.now(),
  },
  isBase64Encoded: false,
});

/** Email messages that fail validation: the consumer logs each one and a summary line, with no tenant of its own. */
const invalidEmailsEvent = (): SQSEvent => ({
  Records: [1, 2].map(() => ({
    messageId: randomUUID(),
    receiptHandle: "r",
    body: JSON.stringify({ not: "an email" }),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(Date.now()),
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-2:000000000000:emails",
    awsRegion: "eu-west-2",
  })),
});

/** Every JSON line the process writes to stdout or stderr while `run` runs. */
async function captureLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split("\n"));
      return true;
    });
  const spies = [spy(process.stdout), spy(process.stderr)];
  try {
    await run();
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      return parsed && typeof parsed === "object" ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

describe("concurrent invocations in the local runtime", () => {
  it("each log under their own function name, request id and tenant, and publish their own metrics", async () => {
    const tenants = [await createTestTenant(runtime), await createTestTenant(runtime)];
    const jobs = await Promise.all(tenants.map((t) => brokenJob(t.tenantId)));
    // Interleaved: three failing reads per tenant and three email batches, all in flight at once.
    const planned = [0, 1, 2].flatMap(() => [
      { function: "get-job" as const, tenant: tenants[0], jobId: jobs[0], requestId: randomUUID() },
      { function: "get-job" as const, tenant: tenants[1], jobId: jobs[1], requestId: randomUUID() },
      { function: "send-email" as const, tenant: undefined, jobId: undefined, requestId: randomUUID() },
    ]);
    const results: unknown[] = [];
    const lines = await captureLines(async () => {
      results.push(
        ...(await Promise.all(
          planned.map((p) =>
            p.function === "get-job"
              ? invoke("get-job", getJobEvent(p.tenant?.apiKey ?? "", p.jobId ?? ""), p)
              : invoke("send-email", invalidEmailsEvent(), p),
          ),
        )),
      );
    });
    expect(results.filter((r) => (r as { statusCode?: number }).statusCode === 500)).toHaveLength(6);

    const logs = lines.filter((l) => typeof l.message === "string");
    for (const p of planned) {
      const own = logs.filter((l) => l.function_request_id === p.requestId);
      const expected =
        p.function === "get-job" ? ["Unhandled error"] : ["Message is not valid", "Emails processed"];
      expect(new Set(own.map((l) => l.message))).toEqual(new Set(expected));
      for (const line of own) {
        expect(line.function_name).toBe(`latchkey-local-${p.function}`);
        expect(line.tenantId).toBe(p.tenant?.tenantId);
      }
    }
    // No line escaped its invocation's context.
    const requestIds = new Set<string>(planned.map((p) => p.requestId));
    expect(logs.filter((l) => !requestIds.has(l.function_request_id as string))).toEqual([]);

    // Metrics (EMF): each invocation flushes its own, so an HTTP failure is never published by an email consumer.
    const emf = lines.filter((l) => "_aws" in l);
    const counted = (name: string) =>
      emf
        .filter((l) => name in l)
        .map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => /^(Http|Message)/.test(k))));
    expect(counted("Http5xx")).toEqual(Array(6).fill({ Http5xx: 1 }));
    expect(counted("MessageFailed")).toEqual(Array(3).fill({ MessageProcessed: 0, MessageFailed: 2 }));
  });
});
