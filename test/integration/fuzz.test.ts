import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formTokens } from "../../functions/wiring/secrets.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createApiKey } from "../../lib/app/operator/operator.js";
import { routes } from "../../lib/topology/index.js";
import { compileRoutes, decideRoute } from "../../lib/topology/route-match.js";
import {
  type Operation,
  operationsOf,
  type RequestPlan,
  requestPlans,
  validCredentials,
} from "../fuzz/requests.js";
import { buildRequest, type Credentials } from "../fuzz/send.js";
import { changes, type Snapshot, snapshot } from "../fuzz/table.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

/**
 * Every operation of `/v1/openapi.json`, fuzzed from its own schemas (fast-check): valid-looking and broken requests,
 * with the test tenant's API key or site admin session and with bad ones. Whatever arrives: never a 5xx; every 4xx of
 * the API a problem+json whose `status` is the HTTP status (a page's, an HTML page); and a request that was refused
 * changed nothing in the table (`test/fuzz/table.ts` lists what a refusal may write, and why).
 *
 * `FUZZ_RUNS` (requests per operation, default 4) and `FUZZ_SEED` (default 14; `random` for a new one) scale it; a
 * failure names the seed, the operation and the request; `FUZZ_ONLY` (operation ids) replays some operations alone.
 * The pollers are off, so nothing writes in the background.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 4);
const baseSeed =
  process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 14);
/** `FUZZ_ONLY=listAuditEvents,consoleAudit`: only these operations (to replay a failure quickly). */
const only = process.env.FUZZ_ONLY?.split(",");

let runtime: LocalRuntime;
let creds: Credentials;
let known: Record<string, string[]>;
let document: Parameters<typeof operationsOf>[0];

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  const api = client(runtime);
  const { tenantId, apiKey, admin } = await createTestTenant(runtime);
  const victim = await addUser(runtime, tenantId, "victim", ["staff"], "victim@school.example");
  const imported = await api("POST", "/v1/roster", {
    apiKey,
    json: {
      groups: [{ externalId: "C1", name: "Class 1", type: "class" }],
      users: [
        { externalId: "P1", username: "pupil.one", forename: "Pip", surname: "One", userType: "student" },
      ],
      memberships: [{ groupExternalId: "C1", userExternalId: "P1" }],
    },
  });
  expect(imported.status).toBe(200);
  const deps = runtime.deps();
  const groupId = (await deps.groups.idsByExternalId(tenantId, ["C1"])).get("C1") as string;
  const pupilId = (await deps.users.idsByExternalId(tenantId, ["P1"])).get("P1") as string;
  const session = async (now = new Date()) =>
    (
      await deps.sessions.issue(
        { tenantId, userId: admin.userId, roles: ["site-admin", "staff"], amr: ["pwd"] },
        now,
      )
    ).token;
  const job = await api("POST", "/v1/password-regenerations", {
    token: await session(),
    json: { groupIds: [groupId], password: staffPassword },
  });
  expect(job.status).toBe(202);
  // A spare key for the fuzzed revocations: the test's own key must keep working.
  const spare = await createApiKey(deps, { tenantId, name: "spare" });
  // A session that does not verify (expired, forged) has no form token of its own: any will do, none verifies.
  const sessionId = (token: string) =>
    deps.sessions.verify(token, new Date()).then(
      (verified) => verified.sessionId,
      () => "none",
    );
  const formToken: Credentials["formToken"] = async (binding) =>
    formTokens().issue(
      "session" in binding ? `session:${await sessionId(binding.session)}` : `browser:${binding.formKey}`,
    );
  creds = {
    tenantId,
    apiKey,
    session,
    expiredSession: await session(new Date(Date.now() - 3 * 86_400_000)),
    formToken,
  };
  known = {
    userId: [victim.userId, pupilId],
    groupId: [groupId],
    jobId: [job.body.jobId as string],
    keyId: [spare.keyId],
    tenantId: [tenantId],
    file: ["nothing.css"],
  };
  document = (await api<typeof document>("GET", "/v1/openapi.json")).body;
});
afterAll(async () => runtime?.stop());

const isProblem = (body: unknown, status: number) => {
  const p = body as Record<string, unknown> | undefined;
  return (
    typeof p?.type === "string" &&
    typeof p.title === "string" &&
    typeof p.detail === "string" &&
    p.status === status
  );
};

/** Body breakages a JSON operation must refuse whoever sends them. */
const mustRefuseBody = new Set([
  "missingRequired",
  "extraField",
  "wrongType",
  "wrongRootType",
  "raw",
  "proto",
]);

/** What is wrong with this answer to this request, if anything. */
const routeTable = compileRoutes(routes);

/**
 * A credential the operation must refuse. A page reads only its session cookie, so an API key header beside it is
 * not a credential there (the page is served as the signed-in person); the API refuses the two together.
 */
const presentsBadCredential = (op: Operation, plan: RequestPlan) =>
  op.auth &&
  !validCredentials.includes(plan.credential) &&
  !(op.page && plan.credential === "apiKeyAndSession");

/**
 * Whether the request as sent (the path after the client's own URL normalisation) reaches the fuzzed operation's
 * route, decided by the gateway's own rule: a bad path (dot segments, encoded separators, bad percent-encoding,
 * control characters) is refused before any route, an unknown one is 404, and either comes from the `$default`
 * function; a path value with a slash may reach another route.
 */
function reachesOperation(op: Operation, url: string): boolean {
  const decision = decideRoute(routeTable, op.method, new URL(url).pathname);
  return decision.kind === "route" && decision.route.path === op.path;
}

function findings(
  op: Operation,
  plan: RequestPlan,
  routed: boolean,
  status: number,
  type: string,
  body: unknown,
): string[] {
  const found: string[] = [];
  if (status >= 500) found.push(`answered ${status}`);
  // Paths the gateway refuses before any route (bad percent-encoding, dot segments, …) are answered by the
  // `$default` function with problem+json, so the same rule holds for them.
  if (status >= 400 && status < 500) {
    if (op.page && !type.startsWith("text/html") && !isProblem(body, status))
      found.push(`${status} as ${type}`);
    if (!op.page && !(type.startsWith("application/problem+json") && isProblem(body, status)))
      found.push(
        `${status} not problem+json with type/title/status/detail: ${type} ${JSON.stringify(body)?.slice(0, 200)}`,
      );
  }
  const badCredential = presentsBadCredential(op, plan);
  // Both an API key and a session: refused as an invalid request (400, RFC 6750 §3.1); any other bad one is 401.
  const refusedWith = plan.credential === "apiKeyAndSession" ? 400 : 401;
  if (routed && badCredential) {
    if (!op.page && status !== refusedWith)
      found.push(`${plan.credential} answered ${status}, not ${refusedWith}`);
    if (op.page && status < 300) found.push(`${plan.credential} answered ${status}`);
  }
  if (routed && !op.page && op.body && !badCredential && status < 400) {
    if (plan.body && mustRefuseBody.has(plan.body.kind)) found.push(`accepted a ${plan.body.kind} body`);
    const csvIsDeclared = plan.contentType === "csv" && op.body.csv;
    if (["missing", "textPlain", "multipart", "csv"].includes(plan.contentType) && !csvIsDeclared)
      found.push(`accepted content type ${plan.contentType}`);
  }
  // Unknown query parameters: refused on every API operation, reads and writes (pages ignore them: utm_* links).
  if (routed && !op.page && plan.extraQuery && status < 400)
    found.push("accepted an unknown query parameter");
  return found;
}

const seedOf = (operationId: string) =>
  [...operationId].reduce((hash, c) => (Math.imul(hash, 31) + c.charCodeAt(0)) | 0, baseSeed);

describe("what the fuzz found, pinned", () => {
  it("answers an event window whose from is after its to with no events, not a 500", async () => {
    const api = client(runtime);
    const window = "from=2026-08-20T00:00:00.000Z&to=2020-01-01T00:00:00.000Z";
    const tenant = await api<{ items: unknown[] }>("GET", `/v1/audit-events?${window}`, {
      apiKey: creds.apiKey,
    });
    expect(tenant.status).toBe(200);
    expect(tenant.body.items).toEqual([]);
    const user = await api<{ items: unknown[] }>("GET", `/v1/users/${known.userId?.[0]}/events?${window}`, {
      apiKey: creds.apiKey,
    });
    expect(user.status).toBe(200);
    expect(user.body.items).toEqual([]);
  });

  it("refuses a console audit day that has the shape of a date but is none (2026-58-88) with a 400 page", async () => {
    const cookie = `__Host-lk-session=${await creds.session()}`;
    for (const query of ["from=0503-58-88", "to=2026-02-30", "from=2026-13-01"]) {
      const response = await fetch(`${runtime.apiUrl}/console/audit?${query}`, { headers: { cookie } });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
    const fine = await fetch(`${runtime.apiUrl}/console/audit?from=2024-02-29&to=2026-03-01`, {
      headers: { cookie },
    });
    expect(fine.status).toBe(200);
  });

  it("answers an unknown asset with a problem+json 404", async () => {
    const response = await client(runtime)("GET", "/assets/no-such-file.css");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.body).toMatchObject({ status: 404, title: "Not found" });
  });
});

describe("fuzzing every operation of /v1/openapi.json", () => {
  it("covers every operation the document declares", () => {
    const { operations } = operationsOf(document);
    expect(operations.length).toBeGreaterThan(100);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it(
    `never answers 5xx, answers every 4xx as declared, and refused requests change nothing (${runs} per operation)`,
    async () => {
      const { operations: all, resolve } = operationsOf(document);
      const operations = only ? all.filter((op) => only.includes(op.operationId)) : all;
      const failures: string[] = [];
      const statuses: Record<number, number> = {};
      let baseline: Snapshot = await snapshot(runtime);
      for (const op of operations) {
        const seed = seedOf(op.operationId);
        const property = fc.asyncProperty(requestPlans(op, resolve, known), async (plan) => {
          const request = await buildRequest(runtime.apiUrl, op, plan, creds);
          const response = await fetch(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body && new Uint8Array(request.body),
            redirect: "manual",
          });
          const text = await response.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          const type = response.headers.get("content-type") ?? "";
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const found = findings(op, plan, reachesOperation(op, request.url), response.status, type, body);
          const refused = response.status >= 400 || (op.auth && !validCredentials.includes(plan.credential));
          const after = await snapshot(runtime);
          if (refused)
            found.push(...changes(baseline, after).map((c) => `refused with ${response.status} yet ${c}`));
          baseline = after;
          if (found.length) {
            const shown = JSON.stringify({ ...plan, body: JSON.stringify(plan.body)?.slice(0, 300) });
            throw new Error(
              `${op.method} ${request.url.slice(0, 300)}\n  ${found.join("\n  ")}\n  plan: ${shown}`,
            );
          }
        });
        const result = await fc.check(property, { numRuns: runs, seed, endOnFailure: true });
        if (result.failed) {
          failures.push(
            `${op.operationId} (FUZZ_SEED=${baseSeed}, seed ${seed}): ${String(result.errorInstance)}`,
          );
        }
      }
      console.log(
        `fuzz: ${operations.length} operations × ${runs}, FUZZ_SEED=${baseSeed}: ${JSON.stringify(statuses)}`,
      );
      expect(failures, failures.join("\n\n")).toEqual([]);
    },
    // About 9 s per run of all operations on a busy 2-core machine: a long `npm run fuzz` gets the time it needs.
    120_000 + runs * 15_000,
  );
});
