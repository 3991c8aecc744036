import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { client, createTestTenant, startTestRuntime, tableSnapshot } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let apiKey: string;
let tenantId: string;
let adminId: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  const tenant = await createTestTenant(runtime);
  ({ apiKey, tenantId } = tenant);
  adminId = tenant.admin.userId;
});
afterAll(async () => runtime?.stop());

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/**
 * Sends the path byte for byte: `fetch` (the WHATWG URL parser) would resolve `..` and `%2e%2e` and turn `\`
 * into `/` before the request leaves, hiding what an attacker's client can send.
 */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { hostname, port } = new URL(runtime.apiUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const problemOf = (response: Raw) => {
  expect(response.headers["content-type"]).toBe("application/problem+json");
  return JSON.parse(response.text) as { type: string; status: number; title: string; detail: string };
};

describe("gateway edges: what no route serves", () => {
  it("answers an unknown path with a problem+json 404, credentials or not", async () => {
    for (const headers of [{}, { "x-api-key": apiKey }] as Record<string, string>[]) {
      const response = await raw("GET", "/v1/nothing-here", headers);
      expect(response.status).toBe(404);
      expect(problemOf(response)).toMatchObject({ type: "urn:latchkey:problem:no-route", status: 404 });
    }
  });

  it("answers a known path with another method with 405 and the path's methods in Allow", async () => {
    const response = await raw("DELETE", "/v1/tenant", { "x-api-key": apiKey });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, PATCH");
    expect(problemOf(response)).toMatchObject({
      type: "urn:latchkey:problem:method-not-allowed",
      status: 405,
    });
  });

  it("serves neither HEAD nor OPTIONS (no CORS): 405 with the methods that are served", async () => {
    for (const method of ["HEAD", "OPTIONS"]) {
      const response = await raw(method, "/v1/health");
      expect(response.status, method).toBe(405);
      expect(response.headers.allow, method).toBe("GET");
      expect(response.headers["access-control-allow-origin"], method).toBeUndefined();
    }
  });

  it("never routes a dot segment: /v1/users/%2e%2e/tenant is refused, not served as /v1/tenant", async () => {
    const tenant = await api("GET", "/v1/tenant", { apiKey });
    expect(tenant.status).toBe(200);
    for (const path of [
      "/v1/users/%2e%2e/tenant",
      "/v1/users/%2E%2E/tenant",
      "/v1/users/../tenant",
      "/v1/./tenant",
      "/v1/users/.%2e/tenant",
    ]) {
      const response = await raw("GET", path, { "x-api-key": apiKey });
      expect(response.status, path).toBe(400);
      expect(problemOf(response), path).toMatchObject({ type: "urn:latchkey:problem:bad-path", status: 400 });
      expect(response.text, path).not.toContain(tenant.body.name as string);
    }
  });

  it("refuses encoded slashes, backslashes and malformed percent-encoding with a problem+json 400", async () => {
    for (const path of [
      "/v1/users/a%2fb",
      "/v1/users/a%5Cb",
      "/v1\\tenant",
      "/v1/users/%zz",
      "/v1/users/%c3",
    ]) {
      const response = await raw("GET", path, { "x-api-key": apiKey });
      expect(response.status, path).toBe(400);
      expect(problemOf(response).type, path).toBe("urn:latchkey:problem:bad-path");
    }
  });

  it("still serves percent-encoded parameters that decode to a plain segment", async () => {
    const response = await api("GET", "/v1/users/no%20such%20user", { apiKey });
    expect(response.status).toBe(404);
    expect(response.body.type).not.toBe("urn:latchkey:problem:no-route");
  });
});

describe("gateway edges: unknown query parameters", () => {
  it("refuses an unknown parameter on a write (PATCH /v1/tenant?x=1) naming it, and changes nothing", async () => {
    const before = await tableSnapshot(runtime);
    const response = await api("PATCH", "/v1/tenant?x=1&dryRun=true", {
      apiKey,
      json: { name: "Renamed school" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body.errors).toEqual([
      { pointer: "#query/x", detail: "unknown parameter" },
      { pointer: "#query/dryRun", detail: "unknown parameter" },
    ]);
    expect(await tableSnapshot(runtime)).toBe(before);
  });

  it("refuses them on reads without a query too (GET /v1/tenant?x=1)", async () => {
    const response = await api("GET", "/v1/tenant?x=1", { apiKey });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ pointer: "#query/x", detail: "unknown parameter" }]);
  });

  it("opens a page from an emailed link with utm_* added, and still refuses a bad declared parameter", async () => {
    const page = await raw("GET", "/sign-in?utm_source=newsletter&utm_medium=email");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const bad = await raw("GET", `/sign-in?tenant=${"x".repeat(65)}&utm_source=newsletter`);
    expect(bad.status).toBe(400);
  });
});

describe("gateway edges: credentials", () => {
  /** A session for the site admin, issued by the service's own issuer (and key) at `issuedAt`. */
  const sessionIssuedAt = async (issuedAt: Date) =>
    (
      await runtime
        .deps()
        .sessions.issue({ tenantId, userId: adminId, roles: ["site-admin", "staff"] }, issuedAt)
    ).token;

  it("refuses an API key with a bearer token (400 invalid_request), even when both are valid, and changes nothing", async () => {
    const token = await sessionIssuedAt(new Date());
    expect((await api("GET", "/v1/tenant", { token })).status).toBe(200);
    const before = await tableSnapshot(runtime);
    for (const headers of [
      { "x-api-key": apiKey, authorization: `Bearer ${token}` },
      { "x-api-key": apiKey, authorization: "Basic YWRtaW46cGFzc3dvcmQ=" },
    ]) {
      const response = await raw("PATCH", "/v1/tenant", headers);
      expect(response.status).toBe(400);
      expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_request"');
      expect(problemOf(response).type).toBe("urn:latchkey:problem:ambiguous-credentials");
    }
    expect(await tableSnapshot(runtime)).toBe(before);
  });

  it("challenges a request without credentials with a bare Bearer", async () => {
    const response = await raw("GET", "/v1/tenant");
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe("Bearer");
    expect(problemOf(response).type).toBe("urn:latchkey:problem:unauthenticated");
  });

  it("answers a malformed or forged token with invalid_token, saying nothing more", async () => {
    const genuine = await sessionIssuedAt(new Date());
    const [header, payload] = genuine.split(".");
    for (const token of ["x.y.z", `${header}.${payload}.${"A".repeat(43)}`]) {
      const response = await raw("GET", "/v1/tenant", { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
      expect(problemOf(response)).toMatchObject({
        type: "urn:latchkey:problem:unauthenticated",
        detail: "Authentication failed",
      });
    }
  });

  it("tells an expired session (signed by the service, exp in the past) that it expired", async () => {
    const token = await sessionIssuedAt(new Date(Date.now() - 2 * 24 * 3600 * 1000));
    const response = await raw("GET", "/v1/tenant", { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe(
      'Bearer error="invalid_token", error_description="The session has expired"',
    );
    const problem = problemOf(response);
    expect(problem.type).toBe("urn:latchkey:problem:session-expired");
    expect(problem.detail).toMatch(/expired/);
  });
});

describe("gateway edges: prototype keys in a body", () => {
  it("refuses __proto__, constructor and prototype keys anywhere in a JSON body, naming where, and changes nothing", async () => {
    const before = await tableSnapshot(runtime);
    const bodies = {
      "/__proto__": '{"name":"Hijacked","__proto__":{"roles":["site-admin"]}}',
      "/preferences/constructor": '{"name":"Hijacked","preferences":{"constructor":{"prototype":{"x":1}}}}',
    };
    for (const [pointer, body] of Object.entries(bodies)) {
      const response = await api("PATCH", "/v1/tenant", {
        apiKey,
        body,
        headers: { "content-type": "application/json" },
      });
      expect(response.status, pointer).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.body.errors, pointer).toEqual([expect.objectContaining({ pointer })]);
    }
    expect(await tableSnapshot(runtime)).toBe(before);
  });
});
