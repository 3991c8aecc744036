import { randomBytes, randomUUID } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoke } from "../../infra/local/invoke.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { signIn as signInUseCase } from "../../lib/app/sessions/sign-in.js";
import { sourceWindowStart } from "../../lib/domain/pin-code.js";
import { resetRequestLimits, signInLimits } from "../../lib/domain/rate-limits.js";
import {
  addUser,
  clearOfWindowEdge,
  client,
  createTestTenant,
  staffPassword,
  startTestRuntime,
} from "./harness.js";
import { pageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const unique = () => randomBytes(4).toString("hex");

const signIn = (tenantId: string, username: string, password: string) =>
  api("POST", "/v1/sessions", { json: { tenantId, username, password } });
const requestReset = (tenantId: string, login: string) =>
  api("POST", "/v1/password-resets", { json: { tenantId, login } });

/** Runs `count` calls, `parallel` at a time (each failure waits for its answer floor). */
async function inBatches<T>(count: number, parallel: number, call: (i: number) => Promise<T>) {
  const results: T[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, j) => call(i + j));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

function expectTooMany(response: Awaited<ReturnType<typeof signIn>>) {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
}

describe("sign-in limits per source", () => {
  it("answers 429 with Retry-After after 50 failed sign-ins from one address, even with the right password; other schools are not affected", async () => {
    await clearOfWindowEdge();
    const school = await createTestTenant(runtime);
    await addUser(runtime, school.tenantId, "teacher", ["staff"]);
    // Successes count nothing.
    for (let i = 0; i < 3; i++)
      expect((await signIn(school.tenantId, "teacher", staffPassword)).status).toBe(201);
    // 50 failures spread over unknown usernames and one real account's wrong passwords (never its own lock).
    const failures = await inBatches(signInLimits.perSource, 10, (i) =>
      i % 15 === 0
        ? signIn(school.tenantId, "teacher", `wrong-password-${i}`)
        : signIn(school.tenantId, `nobody.${i}`, "a wrong password"),
    );
    expect(failures.map((r) => r.status)).toEqual(failures.map(() => 401));
    const limited = await signIn(school.tenantId, "teacher", staffPassword);
    expectTooMany(limited);
    expect(limited.text).not.toContain("teacher");
    // The account itself is not locked (four wrong passwords): from another address it signs in.
    const elsewhere = await signInUseCase(runtime.deps(), {
      tenantId: school.tenantId,
      username: "teacher",
      password: staffPassword,
      sourceIp: "192.0.2.50",
    });
    expect(elsewhere.kind).toBe("session");
    const other = await createTestTenant(runtime);
    expect((await signIn(other.tenantId, "admin", staffPassword)).status).toBe(201);
  });
});

describe("reset request limits per source", () => {
  it("answers the same 202 to the first 10 requests whether or not an account exists, then 429 to both alike", async () => {
    await clearOfWindowEdge();
    const school = await createTestTenant(runtime);
    await api("PATCH", "/v1/tenant", {
      apiKey: school.apiKey,
      json: { preferences: { allowPasswordResetByEmail: true } },
    });
    const answers = await inBatches(resetRequestLimits.perSource, 5, (i) =>
      requestReset(school.tenantId, i % 2 === 0 ? "admin" : `nobody.${unique()}`),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(answers[0]?.status).toBe(202);

    const existing = await requestReset(school.tenantId, "admin");
    const unknown = await requestReset(school.tenantId, `nobody.${unique()}`);
    expectTooMany(existing);
    expectTooMany(unknown);
    const shape = (r: typeof existing) => ({ ...(r.body as object), instance: undefined });
    expect(shape(existing)).toEqual(shape(unknown));
    // The account got at most five emails (its own limit) and no more for the refused requests.
    const queued = (await runtime.deps().emailDeliveries.list(school.tenantId, { limit: 50 })).items.filter(
      (e) => e.layoutId === "PASSWORD_EMAIL_CHANGE",
    );
    expect(queued.length).toBeLessThanOrEqual(5);

    // The forgot-password page shares the count: a 429 page with Retry-After, and no email.
    const browser = pageClient(runtime);
    const form = await browser.get(`/forgot-password?tenant=${school.tenantId}`);
    const page = await browser.post("/forgot-password", {
      csrf: form.csrf ?? "",
      tenant: school.tenantId,
      login: "admin",
    });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);

    // Another school's requests are counted apart.
    const other = await createTestTenant(runtime);
    expect((await requestReset(other.tenantId, "admin")).status).toBe(202);
  });
});

/**
 * The local gateway sees one address (loopback); API Gateway gives each client its own. These calls invoke the real
 * handler with the event API Gateway would build for a request from `sourceIp`.
 */
async function fromAddress(
  name: "create-session" | "request-password-reset",
  path: string,
  sourceIp: string,
  body: unknown,
) {
  const event = {
    version: "2.0",
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: {
      http: { method: "POST", path, protocol: "HTTP/1.1", sourceIp, userAgent: "test" },
      requestId: randomUUID(),
      routeKey: `POST ${path}`,
      stage: "$default",
      timeEpoch: Date.now(),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
  const result = (await invoke(name, event)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {} };
}

/** Fills a tenant's window of a public route as if `count` failures had come from many addresses. */
async function fillTenantWindow(tenantId: string, label: string, count: number) {
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  const start = sourceWindowStart(new Date());
  await db.send(
    new UpdateCommand({
      TableName: runtime.tableName,
      Key: keys.signUpSource(tenantId, `${label}:all-sources`, start),
      UpdateExpression: "SET attempts = :count, expiresAt = :expires",
      ExpressionAttributeValues: { ":count": count, ":expires": start + 1800 },
    }),
  );
}

describe("tenant-wide limits that one client cannot turn against everyone", () => {
  it("once a school had 500 failed sign-ins in a window, refuses addresses that failed but lets a clean one sign in", async () => {
    await clearOfWindowEdge();
    const school = await createTestTenant(runtime);
    const signInFrom = (ip: string, password: string) =>
      fromAddress("create-session", "/v1/sessions", ip, {
        tenantId: school.tenantId,
        username: "admin",
        password,
      });
    expect((await signInFrom("203.0.113.9", "a wrong password")).status).toBe(401);
    await fillTenantWindow(school.tenantId, "sign-in", signInLimits.perTenant);

    const attacker = await signInFrom("203.0.113.9", staffPassword);
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers["retry-after"])).toBeGreaterThan(0);
    // A teacher at another address who has not failed signs in; after one failure of their own they wait too.
    expect((await signInFrom("198.51.100.7", staffPassword)).status).toBe(201);
    expect((await signInFrom("198.51.100.8", "a wrong password")).status).toBe(401);
    expect((await signInFrom("198.51.100.8", staffPassword)).status).toBe(429);
  });

  it("once a school had 200 reset requests in a window, answers an address that asked before 429 and a new one 202", async () => {
    await clearOfWindowEdge();
    const school = await createTestTenant(runtime);
    const resetFrom = (ip: string) =>
      fromAddress("request-password-reset", "/v1/password-resets", ip, {
        tenantId: school.tenantId,
        login: "admin",
      });
    expect((await resetFrom("203.0.113.10")).status).toBe(202);
    await fillTenantWindow(school.tenantId, "reset", resetRequestLimits.perTenant);
    expect((await resetFrom("203.0.113.10")).status).toBe(429);
    expect((await resetFrom("198.51.100.9")).status).toBe(202);
    expect((await resetFrom("198.51.100.9")).status).toBe(429);
  });
});
