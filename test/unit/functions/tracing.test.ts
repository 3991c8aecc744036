import type { APIGatewayProxyEventV2, Context, SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { httpFunction } from "../../../functions/middleware/http-function.js";
import { pageFunction } from "../../../functions/middleware/page-function.js";
import { queueFunction } from "../../../functions/middleware/queue-function.js";
import { logger, metrics, tracer } from "../../../functions/observability.js";
import { html } from "../../../lib/api/html.js";

const context = {
  functionName: "test-fn",
  awsRequestId: "req-1",
  invokedFunctionArn: "arn:aws:lambda:eu-west-2:123456789012:function:test-fn",
  memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const httpEvent = (routeKey: string) =>
  ({
    routeKey,
    rawPath: routeKey.split(" ")[1],
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId: "req-1", http: { method: routeKey.split(" ")[0], sourceIp: "192.0.2.1" } },
  }) as unknown as APIGatewayProxyEventV2;

/**
 * Tracing is on only in Lambda; here the tracer is told it is on and given a fake X-Ray segment, so the real
 * middleware runs and every call it makes is recorded in order.
 */
function fakeXRay() {
  const subsegment = { name: "## handler", close: vi.fn() };
  const segment = { addNewSubsegment: vi.fn(() => subsegment) };
  vi.spyOn(tracer, "isTracingEnabled").mockReturnValue(true);
  vi.spyOn(tracer, "getSegment").mockReturnValue(segment as never);
  vi.spyOn(tracer, "setSegment").mockImplementation(() => undefined);
  vi.spyOn(tracer, "annotateColdStart").mockImplementation(() => undefined);
  vi.spyOn(tracer, "addServiceNameAnnotation").mockImplementation(() => undefined);
  const annotations = vi.spyOn(tracer, "putAnnotation").mockImplementation(() => undefined);
  const responseRecorded = vi.spyOn(tracer, "addResponseAsMetadata").mockImplementation(() => undefined);
  const errorRecorded = vi.spyOn(tracer, "addErrorAsMetadata").mockImplementation(() => undefined);
  const loggerContext = vi.spyOn(logger, "refreshSampleRateCalculation");
  const metricsStart = vi.spyOn(metrics, "captureColdStartMetric").mockImplementation(() => metrics);
  vi.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => metrics);
  const order = (mock: { mock: { invocationCallOrder: number[] } }) =>
    mock.mock.invocationCallOrder[0] ?? NaN;
  return {
    annotations: () => Object.fromEntries(annotations.mock.calls.map(([k, v]) => [k, v])),
    responseRecorded,
    errorRecorded,
    /** First call of each step: logger context, tracer opens, metrics, handler, tracer closes. */
    steps: (handler: { mock: { invocationCallOrder: number[] } }) => ({
      logger: order(loggerContext),
      tracerOpens: order(segment.addNewSubsegment),
      metrics: order(metricsStart),
      handler: order(handler),
      tracerCloses: order(subsegment.close),
    }),
  };
}

const inOrder = (steps: Record<string, number>) => {
  const values = Object.values(steps);
  expect(values.every(Number.isFinite), JSON.stringify(steps)).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => a - b));
};

afterEach(() => vi.restoreAllMocks());

describe("tracing in the middleware order", () => {
  it("HTTP: logger context → tracer → metrics → handler, annotated with the route, the response never recorded", async () => {
    const xray = fakeXRay();
    const handle = vi.fn(async () => ({ status: 200, body: { secret: "a password" } }));
    const handler = httpFunction(
      { summary: "Test", tag: "Test", auth: "none", responses: { 200: { description: "ok" } } },
      handle,
    );
    const response = await handler(httpEvent("GET /v1/test"), context);
    expect(response.statusCode).toBe(200);
    inOrder(xray.steps(handle));
    expect(xray.annotations()).toMatchObject({ route: "GET /v1/test" });
    expect(xray.responseRecorded).not.toHaveBeenCalled();
  });

  it("HTTP: a failing handler still closes its trace, answered as problem+json", async () => {
    const xray = fakeXRay();
    const handle = vi.fn(async (): Promise<{ status: number }> => {
      throw new Error("boom");
    });
    const handler = httpFunction(
      { summary: "Test", tag: "Test", auth: "none", responses: { 200: { description: "ok" } } },
      handle,
    );
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const response = await handler(httpEvent("POST /v1/test"), context);
    expect(response.statusCode).toBe(500);
    inOrder(xray.steps(handle));
  });

  it("pages: the same order, annotated with the route", async () => {
    const xray = fakeXRay();
    const handle = vi.fn(async () => ({ status: 200, title: "Hello", body: html`<p>hi</p>` }));
    const handler = pageFunction(
      { summary: "Page", tag: "Pages", auth: "none", page: true, responses: { 200: { description: "ok" } } },
      handle,
    );
    const response = await handler(httpEvent("GET /hello"), context);
    expect(response.statusCode).toBe(200);
    inOrder(xray.steps(handle));
    expect(xray.annotations()).toMatchObject({ route: "GET /hello" });
  });

  it("queue consumers: the same order, annotated with the message's tenant and job", async () => {
    const xray = fakeXRay();
    const handle = vi.fn(async () => undefined);
    const handler = queueFunction(z.object({ tenantId: z.string(), jobId: z.string() }), handle);
    const event = {
      Records: [
        {
          messageId: "m1",
          body: JSON.stringify({ tenantId: "oakfield", jobId: "job-1" }),
          attributes: { ApproximateReceiveCount: "1" },
          eventSource: "aws:sqs",
        },
      ],
    } as unknown as SQSEvent;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    inOrder(xray.steps(handle));
    expect(xray.annotations()).toMatchObject({ tenant: "oakfield", job: "job-1" });
    expect(xray.responseRecorded).not.toHaveBeenCalled();
  });
});
