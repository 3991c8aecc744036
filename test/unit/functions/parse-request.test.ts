import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { maxBodyBytes, parseRequest } from "../../../functions/middleware/parse-request.js";
import { HttpProblem } from "../../../functions/middleware/problem-details.js";
import { directoryEndpoints } from "../../../lib/endpoints/directory.js";
import { rosterEndpoints } from "../../../lib/endpoints/roster.js";
import { sessionEndpoints } from "../../../lib/endpoints/sessions.js";
import { tenantEndpoints } from "../../../lib/endpoints/tenant.js";

const contracts = {
  ...sessionEndpoints,
  ...rosterEndpoints,
  ...tenantEndpoints,
  ...directoryEndpoints,
};

/** A minimal HTTP API (payload 2.0) event; API Gateway lower-cases header names. */
function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "POST /v1/test",
    rawPath: "/v1/test",
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "test",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: {
        method: "POST",
        path: "/v1/test",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "vitest",
      },
      requestId: "req-1",
      routeKey: "POST /v1/test",
      stage: "$default",
      time: "01/Mar/2025:09:00:00 +0000",
      timeEpoch: 1_740_819_600_000,
    },
    ...overrides,
  };
}

const jsonEvent = (body: unknown, contentType = "application/json") =>
  event({
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const signIn = { tenantId: "acme", username: "ada.l", password: "violet-Kettle-94" };

/** The HttpProblem the call throws (fails the test if it does not throw one). */
function problemOf(call: () => unknown): HttpProblem {
  try {
    call();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error("expected an HttpProblem");
}

describe("parseRequest", () => {
  it("returns the parsed body when the JSON matches the contract", () => {
    const parsed = parseRequest(contracts["create-session"], jsonEvent(signIn));
    expect(parsed.body).toEqual(signIn);
  });

  it("accepts a content type with parameters and a +json suffix", () => {
    expect(
      parseRequest(contracts["create-session"], jsonEvent(signIn, "application/json; charset=utf-8")).body,
    ).toEqual(signIn);
    expect(
      parseRequest(contracts["create-session"], jsonEvent(signIn, "application/merge-patch+json")).body,
    ).toEqual(signIn);
  });

  it("decodes a base64-encoded body before parsing it", () => {
    const body = Buffer.from(JSON.stringify(signIn)).toString("base64");
    const parsed = parseRequest(
      contracts["create-session"],
      event({ headers: { "content-type": "application/json" }, body, isBase64Encoded: true }),
    );
    expect(parsed.body).toEqual(signIn);
  });

  it("refuses a body over 1 MiB with 413 before parsing it", () => {
    expect(maxBodyBytes).toBe(1024 * 1024);
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], jsonEvent("x".repeat(maxBodyBytes + 1), "text/plain")),
    );
    expect(problem.status).toBe(413);
    expect(problem.code).toBe("too-large");
  });

  it("measures the limit in bytes, not characters, when the body is multi-byte", () => {
    // 600 Ki two-byte characters: under a million characters, over a MiB.
    const body = JSON.stringify({ ...signIn, password: "é".repeat(600 * 1024) });
    expect(problemOf(() => parseRequest(contracts["create-session"], jsonEvent(body))).status).toBe(413);
  });

  it("accepts a body of exactly 1 MiB as far as size goes", () => {
    const padding = " ".repeat(maxBodyBytes - JSON.stringify(signIn).length);
    const parsed = parseRequest(
      contracts["create-session"],
      jsonEvent(`${JSON.stringify(signIn)}${padding}`),
    );
    expect(parsed.body).toEqual(signIn);
  });

  it("refuses text/plain on a JSON-only contract with 415", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], jsonEvent(signIn, "text/plain")),
    );
    expect(problem.status).toBe(415);
    expect(problem.code).toBe("unsupported-media-type");
  });

  it("refuses a body without a content type with 415", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], event({ body: JSON.stringify(signIn) })),
    );
    expect(problem.status).toBe(415);
  });

  it("refuses text/csv on a contract that does not accept CSV", () => {
    expect(
      problemOf(() => parseRequest(contracts["create-session"], jsonEvent("a,b", "text/csv"))).status,
    ).toBe(415);
  });

  it("returns the CSV text unparsed when the roster import receives text/csv", () => {
    const text = "externalId,username\nu1,ada.l\n";
    const parsed = parseRequest(
      contracts["import-roster"],
      event({
        headers: { "content-type": "text/csv; charset=utf-8" },
        body: text,
        queryStringParameters: { section: "users" },
      }),
    );
    expect(parsed).toMatchObject({ csv: text, body: undefined, query: { section: "users" } });
  });

  it("decodes a base64 CSV body", () => {
    const text = "externalId,username\nu1,ådå\n";
    const parsed = parseRequest(
      contracts["import-roster"],
      event({
        headers: { "content-type": "text/csv" },
        body: Buffer.from(text).toString("base64"),
        isBase64Encoded: true,
      }),
    );
    expect(parsed).toMatchObject({ csv: text });
  });

  it("answers 400 malformed-json when the JSON does not parse", () => {
    const problem = problemOf(() => parseRequest(contracts["create-session"], jsonEvent('{"tenantId": ')));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe("malformed-json");
  });

  it("answers 400 malformed-json when a JSON contract gets an empty body", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], event({ headers: { "content-type": "application/json" } })),
    );
    expect(problem.code).toBe("malformed-json");
  });

  it("answers 400 with a pointer per invalid field when the body breaks the schema", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], jsonEvent({ ...signIn, username: "", password: 42 })),
    );
    expect(problem.status).toBe(400);
    expect(problem.code).toBe("invalid-request");
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual(["/password", "/username"]);
  });

  it("points into nested paths with / separators", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["update-tenant"], jsonEvent({ preferences: { pinCodeLogin: "sometimes" } })),
    );
    expect(problem.errors.map((e) => e.pointer)).toEqual(["/preferences/pinCodeLogin"]);
  });

  it("answers 400 with one errors[] entry per unknown field, pointing at the field", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["create-session"], jsonEvent({ ...signIn, extra: 1, more: 2 })),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      { pointer: "/extra", detail: "unknown field" },
      { pointer: "/more", detail: "unknown field" },
    ]);
  });

  it("points an unknown query parameter at #query/<name>", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["list-users"], event({ queryStringParameters: { surprise: "1" } })),
    );
    expect(problem.errors.map((e) => e.pointer)).toEqual(["#query/surprise"]);
  });

  it("coerces a numeric query parameter and applies its default", () => {
    expect(
      parseRequest(contracts["list-users"], event({ queryStringParameters: { limit: "10" } })).query,
    ).toEqual({
      limit: 10,
    });
    expect(parseRequest(contracts["list-users"], event()).query).toEqual({ limit: 50 });
  });

  it("answers 400 with a #query pointer when a query parameter is out of range", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["list-users"], event({ queryStringParameters: { limit: "0" } })),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0]?.pointer.startsWith("#query")).toBe(true);
    expect(problem.errors[0]?.pointer).toContain("limit");
  });

  it("refuses a query parameter on a write that declares none, naming it, before reading the body", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["update-tenant"], {
        ...jsonEvent({ name: "Renamed" }),
        queryStringParameters: { dryRun: "true", "a/b": "1" },
      }),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      { pointer: "#query/dryRun", detail: "unknown parameter" },
      { pointer: "#query/a~1b", detail: "unknown parameter" },
    ]);
  });

  it("refuses a route reached through a dot segment or an encoded slash (defence behind the gateway)", () => {
    for (const rawPath of ["/v1/users/%2e%2e/tenant", "/v1/users/../tenant", "/v1/users/a%2Fb"]) {
      const problem = problemOf(() => parseRequest(contracts["get-tenant"], event({ rawPath })));
      expect(problem.status, rawPath).toBe(400);
      expect(problem.code, rawPath).toBe("bad-path");
    }
    expect(parseRequest(contracts["get-tenant"], event({ rawPath: "/v1/tenant" })).body).toBeUndefined();
  });

  it("refuses an unknown query parameter", () => {
    const problem = problemOf(() =>
      parseRequest(contracts["list-users"], event({ queryStringParameters: { sort: "x" } })),
    );
    expect(problem.status).toBe(400);
  });

  it("validates path parameters with a #path pointer", () => {
    expect(parseRequest(contracts["get-user"], event({ pathParameters: { userId: "u-1" } })).params).toEqual({
      userId: "u-1",
    });
    const problem = problemOf(() =>
      parseRequest(contracts["get-user"], event({ pathParameters: { userId: "x".repeat(65) } })),
    );
    expect(problem.errors[0]?.pointer).toMatch(/^#path.*userId/);
  });

  it("ignores the body entirely when the contract has none", () => {
    const parsed = parseRequest(contracts["get-me"], jsonEvent("not json", "text/plain"));
    expect(parsed.body).toBeUndefined();
  });

  it("escapes ~ and / in pointer segments as JSON Pointer requires", async () => {
    const { z } = await import("zod");
    const contract = { ...contracts["create-session"], body: z.strictObject({ "a/b~c": z.string() }) };
    const problem = problemOf(() => parseRequest(contract, jsonEvent({ "a/b~c": 1 })));
    expect(problem.errors[0]?.pointer).toBe("/a~1b~0c");
  });
});
