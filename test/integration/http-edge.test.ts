import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { routes } from "../../lib/topology/index.js";
import { client, createTestTenant, startTestRuntime, tableSnapshot } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let apiKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  ({ apiKey } = await createTestTenant(runtime));
});
afterAll(async () => runtime?.stop());

describe("HTTP edge", () => {
  it("answers health without credentials", async () => {
    const response = await api("GET", "/v1/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
  });

  it("describes every route of the topology in /v1/openapi.json", async () => {
    const response = await api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      "GET",
      "/v1/openapi.json",
    );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    for (const route of routes) {
      expect(
        response.body.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
  });

  it("answers 404 from the gateway for a path no route declares", async () => {
    expect((await api("GET", "/v1/nothing-here")).status).toBe(404);
  });

  it("refuses bad input with problem+json 4xx and writes nothing", async () => {
    const before = await tableSnapshot(runtime);
    const roster = (body: string, contentType = "application/json") =>
      api("POST", "/v1/roster", { apiKey, body, headers: { "content-type": contentType } });

    const malformed = await roster('{"users": [');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    expect(malformed.body).toMatchObject({ type: "urn:latchkey:problem:malformed-json", status: 400 });

    const wrongType = await roster("users=1", "application/x-www-form-urlencoded");
    expect(wrongType.status).toBe(415);

    const oversize = await roster(JSON.stringify({ users: [{ note: "x".repeat(1024 * 1024) }] }));
    expect(oversize.status).toBe(413);

    const unknownField = await roster(JSON.stringify({ users: [], teachers: [] }));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toEqual([{ pointer: "/teachers", detail: "unknown field" }]);

    const wrongTypes = await roster(JSON.stringify({ users: "everyone" }));
    expect(wrongTypes.status).toBe(400);
    expect((wrongTypes.body.errors as { pointer: string }[])[0]?.pointer).toBe("/users");

    const badQuery = await api("GET", "/v1/users?limit=100000", { apiKey });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors).toEqual([expect.objectContaining({ pointer: "#query/limit" })]);

    const badCursor = await api("GET", "/v1/users?cursor=bm90LWEtY3Vyc29y", { apiKey });
    expect(badCursor.status).toBe(422);

    expect(await tableSnapshot(runtime)).toBe(before);
  });

  it("answers 401 without credentials, with a malformed key, and with a key for an unknown tenant", async () => {
    const unknownTenantKey = `lk.no-such-school.${"A".repeat(43)}`;
    const attempts: Record<string, string>[] = [
      {},
      { "x-api-key": "nonsense" },
      { "x-api-key": unknownTenantKey },
      { authorization: "Bearer x.y.z" },
    ];
    for (const headers of attempts) {
      const response = await api("GET", "/v1/users", { headers });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ type: "urn:latchkey:problem:unauthenticated", status: 401 });
    }
  });
});
