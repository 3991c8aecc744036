import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulators, startEmulators } from "../../infra/local/emulators.js";
import { type LocalRuntime, startLocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { sdkLimits } from "../../lib/adapters/sdk-options.js";
import { type ApiResponse, client, createTestTenant, eventually, staffPassword } from "./harness.js";

/**
 * DynamoDB Local frozen with SIGSTOP for 10 s — the store accepts connections and never answers, as a stuck
 * database does — while a regeneration of 500 pupils runs and staff sign in. This file runs its own emulators:
 * pausing the shared DynamoDB would stall every other file of the suite.
 */
const pupils = 500;
const pauseMs = 10_000;
/** The functional bound of the SDK timeouts (2 attempts × 1 s + backoff): well inside the 10 s handler timeout. */
const answerWithinMs = 3000;

// 25 pupils per work message (one batch write each of credentials and events): 20 chunks, so the pause lands
// between and inside them.
process.env.REGENERATION_CHUNK_SIZE = "25";

let emulators: Emulators;
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  emulators = await startEmulators({});
  runtime = await startLocalRuntime({
    stateDir: await mkdtemp(join(tmpdir(), "latchkey-pause-")),
    emulators: { ...emulators, stop: async () => undefined },
    prefix: "pause",
    inMemory: true,
    visibilityTimeoutSeconds: 3,
    // The timeouts deployed to AWS: the bound below is theirs.
    sdk: sdkLimits.dynamodb,
    logLevel: "ERROR",
  });
  api = client(runtime);
  await warmUp(runtime);
});

/**
 * A cold DynamoDB Local (a fresh JVM) takes seconds for its first batch writes — past the deployed 1 s timeout
 * that DynamoDB itself never comes near. Warm it with a patient client first; these scratch items are never read.
 */
async function warmUp(r: LocalRuntime) {
  const db = documentClient({
    region: "eu-west-2",
    endpoint: r.emulators.dynamodb,
    limits: { requestTimeoutMs: 30_000 },
  });
  for (let batch = 0; batch < 40; batch++) {
    const items = Array.from({ length: 25 }, (_, i) => ({
      pk: `WARMUP#${batch}`,
      sk: `ITEM#${i}`,
      filler: "x".repeat(400),
    }));
    await db.send(
      new BatchWriteCommand({
        RequestItems: { [r.tableName]: items.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  db.destroy();
}
afterAll(async () => {
  await runtime?.stop();
  await emulators?.stop();
});

type Timed = ApiResponse & { startedAt: number; ms: number };

async function timed(call: () => Promise<ApiResponse>): Promise<Timed> {
  const startedAt = Date.now();
  const response = await call();
  return { ...response, startedAt, ms: Date.now() - startedAt };
}

describe("a database paused for 10 s", () => {
  it("answers 503 + Retry-After within 3 s during the pause, and the regeneration still completes exactly", async () => {
    const pid = emulators.dynamodbPid;
    if (!pid) throw new Error("DynamoDB Local's process id is unknown");
    const tenant = await createTestTenant(runtime);
    const users = Array.from({ length: pupils }, (_, i) => ({
      externalId: `P${i}`,
      username: `pupil${i}`,
      forename: `Pupil${i}`,
      surname: "Paused",
      userType: "student",
    }));
    // Ten imports of 50 (each answered at once): DynamoDB Local stays within the deployed timeouts.
    for (let i = 0; i < pupils; i += 50) {
      const slice = users.slice(i, i + 50);
      const imported = await api("POST", "/v1/roster", {
        apiKey: tenant.apiKey,
        json: {
          groups: [{ externalId: "Y6", name: "Year 6", type: "year-group" }],
          users: slice,
          memberships: slice.map((u) => ({ groupExternalId: "Y6", userExternalId: u.externalId })),
        },
      });
      expect(imported.status, imported.text).toBe(200);
    }
    const signIn = () =>
      api("POST", "/v1/sessions", {
        json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
      });
    const session = await signIn();
    expect(session.status).toBe(201);
    const token = session.body.token as string;
    const groupId = (await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["Y6"])).get("Y6");

    const started = await api("POST", "/v1/password-regenerations", {
      token,
      json: { groupIds: [groupId], password: staffPassword },
    });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    const job = () => api("GET", `/v1/jobs/${jobId}`, { token });
    // Pause once the work has begun.
    const before = await eventually(
      async () => {
        const j = await job();
        return j.body.status === "running" ? j.body : undefined;
      },
      60_000,
      25,
    );

    // Sign-ins keep coming, one every 300 ms, from before the pause until after it.
    let signingIn = true;
    const signIns: Timed[] = [];
    const signInLoop = (async () => {
      while (signingIn) {
        signIns.push(await timed(signIn));
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));

    let pausedAt = 0;
    let resumedAt = 0;
    const during: Timed[] = [];
    try {
      process.kill(pid, "SIGSTOP");
      pausedAt = Date.now();
      // Calls that start in the pause: a session-authenticated read, an API-key read and a sign-in, twice.
      for (const wait of [200, 4000]) {
        await new Promise((r) => setTimeout(r, wait));
        during.push(
          ...(await Promise.all([
            timed(job),
            timed(() => api("GET", "/v1/tenant", { apiKey: tenant.apiKey })),
            timed(signIn),
          ])),
        );
      }
      await new Promise((r) => setTimeout(r, Math.max(0, pausedAt + pauseMs - Date.now())));
    } finally {
      process.kill(pid, "SIGCONT");
      resumedAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1500));
    signingIn = false;
    await signInLoop;

    expect(before.processed).toBeLessThan(pupils);
    for (const response of during) {
      expect(response.status, response.text).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("retry-after")).toBe("5");
      expect(response.body).toMatchObject({ status: 503, type: "urn:latchkey:problem:unavailable" });
      expect(response.ms).toBeLessThan(answerWithinMs);
    }
    // Sign-ins around the pause: the right password is never refused, nothing is a 500 or waits for the timeout.
    const statuses = new Set(signIns.map((s) => s.status));
    expect([...statuses].filter((s) => s !== 201 && s !== 503)).toEqual([]);
    for (const s of signIns) expect(s.ms).toBeLessThan(8000);
    // Those that started early enough in the pause for every attempt to fall inside it.
    const startedInPause = signIns.filter(
      (s) => s.startedAt > pausedAt && s.startedAt + answerWithinMs < resumedAt,
    );
    expect(startedInPause.length).toBeGreaterThan(0);
    console.info(
      JSON.stringify({
        pauseMs: resumedAt - pausedAt,
        answersInPauseMs: [...during, ...startedInPause].map((r) => r.ms),
        signIns: signIns.map((s) => s.status),
      }),
    );
    for (const s of startedInPause) expect([s.status, s.ms < answerWithinMs]).toEqual([503, true]);
    expect(signIns.at(-1)?.status).toBe(201);

    // The job comes through the pause: every pupil once, none failed, and the report has all 500.
    const finished = await eventually(async () => {
      const j = await job();
      return ["completed", "completed_with_failures", "failed"].includes(j.body.status as string)
        ? j.body
        : undefined;
    }, 90_000);
    expect(finished, JSON.stringify(finished)).toMatchObject({
      status: "completed",
      total: pupils,
      processed: pupils,
      failed: 0,
    });
    expect((finished.processed as number) - ((finished.skipped as number) ?? 0)).toBe(pupils);
    const report = await api<{ rows: { username: string; password?: string; void?: string }[] }>(
      "GET",
      `/v1/jobs/${jobId}/report`,
      { token: (await signIn()).body.token as string },
    );
    expect(report.status).toBe(200);
    expect(new Set(report.body.rows.map((r) => r.username)).size).toBe(pupils);
    expect(report.body.rows.filter((r) => !r.password || r.void)).toEqual([]);
  });
});
