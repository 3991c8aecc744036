import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { httpFunction } from "../../../functions/middleware/http-function.js";
import { errorPage } from "../../../functions/middleware/page-function.js";
import { ConflictError } from "../../../lib/domain/errors.js";
import { isOutage } from "../../../lib/shared/outage.js";

/** Errors shaped as the AWS SDK v3 throws them. */
const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: {}, ...extra });

describe("isOutage", () => {
  it("recognises timeouts, unreachable endpoints, throttling and server faults", () => {
    expect(isOutage(sdkError("TimeoutError", { code: "ETIMEDOUT" }))).toBe(true);
    expect(isOutage(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isOutage(sdkError("ProvisionedThroughputExceededException"))).toBe(true);
    expect(isOutage(sdkError("SomethingNew", { $retryable: { throttling: true } }))).toBe(true);
    expect(isOutage(sdkError("UnknownError", { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isOutage(sdkError("InternalServerError", { $fault: "server" }))).toBe(true);
    expect(isOutage(new Error("wrapped", { cause: sdkError("TimeoutError") }))).toBe(true);
  });

  it("does not take a refused request or a bug for an outage", () => {
    expect(
      isOutage(sdkError("ConditionalCheckFailedException", { $metadata: { httpStatusCode: 400 } })),
    ).toBe(false);
    expect(isOutage(sdkError("ValidationException", { $fault: "client" }))).toBe(false);
    expect(isOutage(new ConflictError("busy"))).toBe(false);
    expect(isOutage(new TypeError("x is undefined"))).toBe(false);
    expect(isOutage(undefined)).toBe(false);
    expect(isOutage("TimeoutError")).toBe(false);
  });
});

const contract = { summary: "a public test route", tag: "Test", auth: "none", responses: {} } as const;

const event = {
  version: "2.0",
  rawPath: "/v1/test",
  headers: {},
  isBase64Encoded: false,
  requestContext: { requestId: "req-503", http: { method: "GET", sourceIp: "203.0.113.9" } },
} as unknown as APIGatewayProxyEventV2;

const answer = async (error: Error) =>
  (await httpFunction(contract, async () => {
    throw error;
  })(event, {} as Context)) as APIGatewayProxyStructuredResultV2;

describe("the HTTP edge in an outage", () => {
  it("answers a timed-out dependency with a generic 503 problem+json and Retry-After", async () => {
    const response = await answer(sdkError("TimeoutError", { message: "table t-secret timed out" }));
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      "content-type": "application/problem+json",
      "retry-after": "5",
      "cache-control": "no-store",
    });
    const body = JSON.parse(response.body ?? "{}");
    expect(body).toEqual({
      type: "urn:latchkey:problem:unavailable",
      title: "Service unavailable",
      status: 503,
      detail: "The service is briefly unavailable. Please try again shortly.",
      instance: "req-503",
    });
    expect(response.body).not.toContain("secret");
  });

  it("still answers a bug with a 500 without Retry-After", async () => {
    const response = await answer(new TypeError("x is undefined"));
    expect(response.statusCode).toBe(500);
    expect(response.headers).not.toHaveProperty("retry-after");
  });

  it("shows pages a 503 page with Retry-After, without the error's text", () => {
    const page = errorPage(sdkError("ServiceUnavailable", { message: "dynamodb internals" }));
    expect(page).toMatchObject({ status: 503, retryAfterSeconds: 5, title: "Briefly unavailable" });
    expect(String(page.body)).not.toContain("internals");
    expect(errorPage(new TypeError("bug"))).toMatchObject({ status: 500 });
    expect(errorPage(new TypeError("bug"))).not.toHaveProperty("retryAfterSeconds");
  });
});
