import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { httpFunction } from "../../../functions/middleware/http-function.js";
import { logger } from "../../../functions/observability.js";
import { ValidationError } from "../../../lib/domain/errors.js";
import { routeFamilyMetrics } from "../../../lib/topology/metrics.js";

const context = { functionName: "test-fn", awsRequestId: "req-1" } as unknown as Context;
const event = {
  routeKey: "POST /v1/test",
  rawPath: "/v1/test",
  headers: {},
  isBase64Encoded: false,
  requestContext: { requestId: "req-1", http: { method: "POST", sourceIp: "192.0.2.1" } },
} as unknown as APIGatewayProxyEventV2;

/** The EMF lines Powertools writes to stdout that carry the route family dimension. */
function familyLines(): () => Record<string, unknown>[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.includes(`"${routeFamilyMetrics.dimension}"`)) {
      lines.push(text);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  return () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const handlerAnswering = (answer: () => Promise<{ status: number }>) =>
  httpFunction(
    { summary: "Test", tag: "Test", auth: "none", responses: { 200: { description: "ok" } } },
    answer,
  );

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("route family counts", () => {
  it("counts each answer once under its family, with 4xx and 5xx as such", async () => {
    vi.stubEnv(routeFamilyMetrics.environment, "sessions");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const lines = familyLines();
    await handlerAnswering(async () => ({ status: 200 }))(event, context);
    await handlerAnswering(async () => {
      throw new ValidationError("Refused", []);
    })(event, context);
    await handlerAnswering(async () => {
      throw new Error("boom");
    })(event, context);
    const counts = lines().map((line) => ({
      family: line[routeFamilyMetrics.dimension],
      requests: line[routeFamilyMetrics.requests],
      clientErrors: line[routeFamilyMetrics.clientErrors],
      serverErrors: line[routeFamilyMetrics.serverErrors],
    }));
    expect(counts).toEqual([
      { family: "sessions", requests: 1, clientErrors: undefined, serverErrors: undefined },
      { family: "sessions", requests: 1, clientErrors: 1, serverErrors: undefined },
      { family: "sessions", requests: 1, clientErrors: undefined, serverErrors: 1 },
    ]);
  });

  it("counts nothing without a family (the local runtime)", async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    const lines = familyLines();
    await handlerAnswering(async () => ({ status: 200 }))(event, context);
    expect(lines()).toEqual([]);
  });
});
