import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import type { Deps } from "../../lib/app/deps.js";
import { fanOutJob, processJobChunk } from "../../lib/app/jobs/run-job.js";
import { signIn } from "../../lib/app/sessions/sign-in.js";
import { listUnclaimedUsers } from "../../lib/app/temporary-passwords/temporary-passwords.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { temporaryPasswordAad } from "../../lib/domain/temporary-password.js";
import { client, createTestTenant, eventually, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

// Five users per work message, so twelve pupils make three chunks and a poison chunk fails only some of them.
process.env.REGENERATION_CHUNK_SIZE = "5";

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type Row = { username: string; group: string; password?: string; void?: string; dayOfBirth?: string };

/**
 * A school with two overlapping groups: Year 1 holds p1–p8, Class 1A holds p5–p12 (p5–p8 are in both).
 * `claimed` users have set their own password.
 */
async function school(claimed: string[] = []) {
  const tenant = await createTestTenant(runtime);
  const pupils = Array.from({ length: 12 }, (_, i) => ({
    externalId: `P${i + 1}`,
    username: `p${i + 1}`,
    forename: `Pupil${i + 1}`,
    surname: `Surname${String(i + 1).padStart(2, "0")}`,
    dateOfBirth: `2019-0${(i % 9) + 1}-14`,
    userType: "student",
  }));
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        { externalId: "Y1", name: "Year 1", type: "year-group" },
        { externalId: "C1A", name: "Class 1A", type: "class" },
      ],
      users: pupils,
      memberships: [
        ...pupils.slice(0, 8).map((p) => ({ groupExternalId: "Y1", userExternalId: p.externalId })),
        ...pupils.slice(4).map((p) => ({ groupExternalId: "C1A", userExternalId: p.externalId })),
      ],
    },
  });
  expect(imported.status).toBe(200);
  const deps = runtime.deps();
  const groups = await deps.groups.idsByExternalId(tenant.tenantId, ["Y1", "C1A"]);
  const users = await deps.users.idsByExternalId(
    tenant.tenantId,
    pupils.map((p) => p.externalId),
  );
  const userId = (username: string) => users.get(`P${username.slice(1)}`) as string;
  for (const username of claimed) {
    await deps.credentials.setPassword(tenant.tenantId, userId(username), "not-a-real-hash", new Date());
    await deps.users.markClaimed(tenant.tenantId, userId(username), new Date());
  }
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  expect(session.status).toBe(201);
  return {
    ...tenant,
    token: session.body.token as string,
    year1: groups.get("Y1") as string,
    class1a: groups.get("C1A") as string,
    userId,
  };
}

type School = Awaited<ReturnType<typeof school>>;

async function regenerate(s: School, groupIds: string[]) {
  const started = await api("POST", "/v1/password-regenerations", {
    token: s.token,
    json: { groupIds, password: staffPassword },
  });
  expect(started.status).toBe(202);
  return waitForJob(s, started.body.jobId as string);
}

async function waitForJob(s: School, jobId: string) {
  return eventually(
    async () => {
      const job = await api("GET", `/v1/jobs/${jobId}`, { token: s.token });
      return job.body.status === "running" || job.body.status === "queued" ? undefined : job.body;
    },
    60_000,
    200,
  );
}

async function report(s: School, jobId: string, format = "json") {
  return api<{ rows: Row[] }>("GET", `/v1/jobs/${jobId}/report?format=${format}`, { token: s.token });
}

const signInAs = (s: School, username: string, password: string) =>
  api("POST", "/v1/sessions", { json: { tenantId: s.tenantId, username, password } });

describe("bulk temporary password regeneration", () => {
  it("regenerates two overlapping groups once per user, leaves claimed users alone, and reports once", async () => {
    const s = await school(["p2", "p9"]);
    const preview = await api("POST", "/v1/password-regenerations/preview", {
      token: s.token,
      json: { groupIds: [s.year1, s.class1a] },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      users: 10,
      groups: [
        { groupId: s.year1, name: "Year 1", members: 8, selectedUnclaimed: 7 },
        { groupId: s.class1a, name: "Class 1A", members: 8, selectedUnclaimed: 3 },
      ],
    });

    const job = await regenerate(s, [s.year1, s.class1a]);
    // Every selected member once (12); the two who set their own password are skipped, never touched.
    expect(job).toMatchObject({ status: "completed", total: 12, processed: 12, skipped: 2, failed: 0 });
    expect(job.report).toEqual({ status: "available" });
    expect(job.startedAt).toBeTypeOf("string");
    expect(job.finishedAt).toBeTypeOf("string");

    const first = await report(s, job.jobId as string);
    expect(first.status).toBe(200);
    const rows = first.body.rows;
    expect(rows.map((r) => r.username).sort()).toEqual(
      ["p1", "p3", "p4", "p5", "p6", "p7", "p8", "p10", "p11", "p12"].sort(),
    );
    // A user in both groups is listed once, under the first group selected.
    expect(rows.find((r) => r.username === "p5")?.group).toBe("Year 1");
    expect(rows.find((r) => r.username === "p10")?.group).toBe("Class 1A");
    expect(rows.find((r) => r.username === "p1")).toMatchObject({ dayOfBirth: "14" });
    expect(JSON.stringify(first.body)).not.toContain("2019-");
    for (const row of rows) expect(row.password).toMatch(/^[A-Z][a-z]+-[A-Z][a-z]+-\d{2}$/);

    const again = await report(s, job.jobId as string);
    expect(again.status).toBe(410);
    expect(again.headers.get("content-type")).toContain("application/problem+json");

    // Claimed users were never given a temporary password.
    const p2 = await api("GET", `/v1/users/${s.userId("p2")}/events`, { token: s.token });
    expect(p2.body.items).toEqual([]);
    const p1 = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      "GET",
      `/v1/users/${s.userId("p1")}/events`,
      { token: s.token },
    );
    expect(p1.body.items).toEqual([
      expect.objectContaining({
        action: "temporary-password.regenerated",
        details: expect.objectContaining({ jobId: job.jobId, group: "Year 1" }),
      }),
    ]);
    const audit = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      "GET",
      "/v1/audit-events",
      { token: s.token },
    );
    expect(audit.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(["temporary-passwords.regenerated", "temporary-password.report-retrieved"]),
    );
    const run = audit.body.items.find((e) => e.action === "temporary-passwords.regenerated");
    expect(run?.details).toMatchObject({ groups: ["Year 1", "Class 1A"], regenerated: 10, skipped: 2 });
    const everything = JSON.stringify([audit.body, p1.body]);
    for (const row of rows) expect(everything).not.toContain(row.password as string);
  });

  it("refuses a wrong admin password and queues nothing", async () => {
    const s = await school();
    const refused = await api("POST", "/v1/password-regenerations", {
      token: s.token,
      json: { groupIds: [s.year1], password: "not-my-password" },
    });
    expect(refused.status).toBe(401);
    const byKey = await api("POST", "/v1/password-regenerations", {
      apiKey: s.apiKey,
      json: { groupIds: [s.year1], password: staffPassword },
    });
    expect(byKey.status).toBe(403);
    const audit = await api<{ items: unknown[] }>("GET", "/v1/audit-events", { token: s.token });
    expect(audit.body.items).toEqual([]);
    const unclaimed = await api<{ items: { temporaryPassword: { status: string } }[] }>(
      "GET",
      `/v1/unclaimed-users?groupId=${s.year1}`,
      { token: s.token },
    );
    expect(unclaimed.body.items).toHaveLength(8);
    expect(unclaimed.body.items.every((u) => u.temporaryPassword.status === "none")).toBe(true);
  });

  it("voids an older list's rows for users a newer run regenerated", async () => {
    const s = await school();
    const older = await regenerate(s, [s.class1a]);
    const newer = await regenerate(s, [s.year1]);
    const newerRows = (await report(s, newer.jobId as string)).body.rows;
    const olderReport = await report(s, older.jobId as string, "html");
    expect(olderReport.status).toBe(200);
    expect(olderReport.headers.get("content-type")).toContain("text/html");
    const html = olderReport.text;
    // p5–p8 were regenerated again by the newer run: void on the older list; p9–p12 still valid.
    expect(html.match(/class="slip voided"/g)).toHaveLength(4);
    expect(html.match(/class="slip"/g)).toHaveLength(4);
    expect(html).toContain("Replaced by a newer temporary password");
    expect(html).not.toContain("2019-");

    const p5 = newerRows.find((r) => r.username === "p5") as Row;
    expect((await signInAs(s, "p5", p5.password as string)).status).toBe(200);
    const deps = runtime.deps();
    const older5 = await deps.temporaryPasswords.get(s.tenantId, s.userId("p5"));
    expect(older5?.generation).toBe(newer.jobId);
  });

  it("makes an unclaimed user set their own password, after which they are claimed and left alone", async () => {
    const s = await school();
    const job = await regenerate(s, [s.year1]);
    const rows = (await report(s, job.jobId as string)).body.rows;
    const p3 = rows.find((r) => r.username === "p3") as Row;

    expect((await signInAs(s, "p3", "Wrong-Words-00")).status).toBe(401);
    const challenge = await signInAs(s, "p3", p3.password as string);
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ challenge: "NEW_PASSWORD_REQUIRED" });
    const challengeToken = challenge.body.challengeToken as string;
    // The challenge is not a session.
    expect((await api("GET", "/v1/me", { token: challengeToken })).status).toBe(401);

    const same = await api("POST", "/v1/sessions/new-password", {
      json: { challengeToken, newPassword: p3.password },
    });
    expect(same.status).toBe(422);
    const set = await api("POST", "/v1/sessions/new-password", {
      json: { challengeToken, newPassword: "my own secret phrase 7" },
    });
    expect(set.status).toBe(201);
    expect((await api("GET", "/v1/me", { token: set.body.token as string })).status).toBe(200);
    const reused = await api("POST", "/v1/sessions/new-password", {
      json: { challengeToken, newPassword: "another secret phrase 8" },
    });
    expect(reused.status).toBe(401);

    expect((await signInAs(s, "p3", p3.password as string)).status).toBe(401);
    expect((await signInAs(s, "p3", "my own secret phrase 7")).status).toBe(201);
    const unclaimed = await api<{ items: { username: string }[] }>(
      "GET",
      "/v1/unclaimed-users?search=pupil3",
      { token: s.token },
    );
    expect(unclaimed.body.items).toEqual([]);
    const preview = await api("POST", "/v1/password-regenerations/preview", {
      token: s.token,
      json: { groupIds: [s.year1] },
    });
    expect(preview.body.users).toBe(7);
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${s.userId("p3")}/events`, {
      token: s.token,
    });
    expect(events.body.items.map((e) => e.action)).toEqual([
      "password.set-by-user",
      "temporary-password.regenerated",
    ]);
  });

  it("refuses a temporary password 28 days + 1 s after generation, while the item is still in the table", async () => {
    const s = await school();
    const job = await regenerate(s, [s.year1]);
    const rows = (await report(s, job.jobId as string)).body.rows;
    const p1 = rows.find((r) => r.username === "p1") as Row;
    const deps = runtime.deps();
    const stored = await deps.temporaryPasswords.get(s.tenantId, s.userId("p1"));
    const generatedAt = Date.parse(job.startedAt as string);
    expect(stored?.expiresAt).toBe(Math.floor(generatedAt / 1000) + 28 * 24 * 3600);
    const at = (ms: number): Deps => ({
      ...deps,
      clock: { now: () => new Date(ms), sleep: async () => undefined },
    });
    const input = {
      tenantId: s.tenantId,
      username: "p1",
      password: p1.password as string,
      sourceIp: "192.0.2.1",
    };

    const justBefore = await signIn(at((stored?.expiresAt as number) * 1000 - 1000), input);
    expect(justBefore.kind).toBe("new-password-required");
    const after = (stored?.expiresAt as number) * 1000 + 1000;
    await expect(signIn(at(after), input)).rejects.toBeInstanceOf(AuthenticationError);
    expect(await deps.temporaryPasswords.get(s.tenantId, s.userId("p1"))).toBeDefined();
    const listed = await listUnclaimedUsers(
      at(after),
      { kind: "api-key", tenantId: s.tenantId, keyId: "test" },
      { search: "pupil1", sort: "surname", limit: 10 },
    );
    expect(listed.items.find((u) => u.username === "p1")?.temporaryPassword.status).toBe("expired");
  });

  it("shows and resets one user's password for a site admin, audited, and never for an API key", async () => {
    const s = await school();
    const userId = s.userId("p4");
    const confirm = { password: staffPassword };
    const reset = await api("POST", `/v1/users/${userId}/temporary-password`, {
      token: s.token,
      json: confirm,
    });
    expect(reset.status).toBe(201);
    const shown = await api("POST", `/v1/users/${userId}/temporary-password/reveal`, {
      token: s.token,
      json: confirm,
    });
    expect(shown.status).toBe(200);
    expect(shown.body.password).toBe(reset.body.password);
    expect(
      (
        await api("POST", `/v1/users/${userId}/temporary-password/reveal`, {
          apiKey: s.apiKey,
          json: confirm,
        })
      ).status,
    ).toBe(403);
    const listed = await api<{ items: Record<string, unknown>[] }>("GET", "/v1/unclaimed-users?search=p4", {
      token: s.token,
    });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        username: "p4",
        temporaryPassword: expect.objectContaining({ status: "active" }),
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(reset.body.password as string);
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${userId}/events`, {
      token: s.token,
    });
    expect(events.body.items.map((e) => e.action)).toEqual([
      "temporary-password.revealed",
      "temporary-password.reset",
    ]);
    expect(JSON.stringify(events.body)).not.toContain(reset.body.password as string);
  });

  it("keeps tenant A's users, groups and reports out of tenant B's reach", async () => {
    const a = await school();
    const b = await school();
    const job = await regenerate(a, [a.year1]);
    const preview = await api("POST", "/v1/password-regenerations/preview", {
      token: b.token,
      json: { groupIds: [a.year1] },
    });
    expect(preview.status).toBe(422);
    expect(preview.body.errors).toEqual([{ pointer: "/groupIds/0", detail: `no group ${a.year1}` }]);
    const start = await api("POST", "/v1/password-regenerations", {
      token: b.token,
      json: { groupIds: [a.year1], password: staffPassword },
    });
    expect(start.status).toBe(422);
    expect((await report(b, job.jobId as string)).status).toBe(404);
    const aUser = a.userId("p1");
    expect(
      (
        await api("POST", `/v1/users/${aUser}/temporary-password/reveal`, {
          token: b.token,
          json: { password: staffPassword },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api("POST", `/v1/users/${aUser}/temporary-password`, {
          token: b.token,
          json: { password: staffPassword },
        })
      ).status,
    ).toBe(404);
    expect((await api("GET", `/v1/users/${aUser}/events`, { token: b.token })).status).toBe(404);
    // A's report is untouched by B's attempt.
    expect((await report(a, job.jobId as string)).status).toBe(200);
  });
});

describe("regeneration work under failure", () => {
  it("retries a chunk that crashed mid-way without a second password, and ignores redelivered messages", async () => {
    const s = await school();
    await runtime.stopPollers();
    const started = await api("POST", "/v1/password-regenerations", {
      token: s.token,
      json: { groupIds: [s.year1, s.class1a], password: staffPassword },
    });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    const deps = runtime.deps();
    const message = { tenantId: s.tenantId, jobId, type: "password-regeneration" as const, phase: 1 };
    await fanOutJob(deps, message);

    // The first attempt writes half of the chunk's credentials, then the consumer dies.
    const crashing: Deps = {
      ...deps,
      temporaryPasswords: {
        ...deps.temporaryPasswords,
        get: (t, u) => deps.temporaryPasswords.get(t, u),
        getMany: (t, u) => deps.temporaryPasswords.getMany(t, u),
        reset: (c) => deps.temporaryPasswords.reset(c),
        claim: (...args) => deps.temporaryPasswords.claim(...args),
        putMany: async (credentials) => {
          await deps.temporaryPasswords.putMany(credentials.slice(0, 2));
          throw new Error("consumer crashed");
        },
      },
    };
    await expect(processJobChunk(crashing, { ...message, chunk: 0, rows: 5 })).rejects.toThrow("crashed");
    const open = async (username: string) => {
      const credential = await deps.temporaryPasswords.get(s.tenantId, s.userId(username));
      if (!credential) return undefined;
      return deps.secretBox.open(
        credential.sealed,
        temporaryPasswordAad(s.tenantId, s.userId(username), credential.generation),
      );
    };
    const written = new Map<string, string>();
    for (let i = 1; i <= 12; i++) {
      const password = await open(`p${i}`);
      if (password) written.set(`p${i}`, password);
    }
    expect(written.size).toBe(2);

    runtime.startPollers();
    const job = await waitForJob(s, jobId);
    expect(job).toMatchObject({ status: "completed", total: 12, processed: 12, failed: 0 });
    for (const [username, password] of written) expect(await open(username)).toBe(password);

    // Redeliver the fan-out and the work message: nothing changes.
    const sqs = new SQSClient({
      region: "eu-west-2",
      endpoint: runtime.emulators.sqs,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: runtime.queues.fanout.url, MessageBody: JSON.stringify(message) }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.queues.work.url,
        MessageBody: JSON.stringify({ ...message, chunk: 0, rows: 5 }),
      }),
    );
    await processJobChunk(deps, { ...message, chunk: 0, rows: 5 });
    await new Promise((r) => setTimeout(r, 1500));
    const after = await api("GET", `/v1/jobs/${jobId}`, { token: s.token });
    expect(after.body).toMatchObject({ status: "completed", total: 12, processed: 12, failed: 0 });
    const rows = (await report(s, jobId)).body.rows;
    expect(rows).toHaveLength(12);
    for (const [username, password] of written) {
      expect(rows.find((r) => r.username === username)?.password).toBe(password);
    }
  });

  it("dead-letters a poison work message and ends the job completed_with_failures", async () => {
    const s = await school();
    await runtime.stopPollers();
    const started = await api("POST", "/v1/password-regenerations", {
      token: s.token,
      json: { groupIds: [s.year1], password: staffPassword },
    });
    const jobId = started.body.jobId as string;
    const deps = runtime.deps();
    await fanOutJob(deps, { tenantId: s.tenantId, jobId, type: "password-regeneration", phase: 1 });
    // The stored chunk is corrupted: every delivery of its work message fails.
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    await db.send(
      new PutCommand({
        TableName: runtime.tableName,
        Item: { ...keys.jobChunk(s.tenantId, jobId, 1, 0), rows: "poison", expiresAt: 4_000_000_000 },
      }),
    );
    runtime.startPollers();
    const job = await waitForJob(s, jobId);
    expect(job).toMatchObject({ status: "completed_with_failures", total: 8, processed: 3, failed: 5 });
    expect(job.report).toEqual({ status: "available" });
    // The lock is free again: another run can start.
    const next = await api("POST", "/v1/password-regenerations/preview", {
      token: s.token,
      json: { groupIds: [s.year1] },
    });
    expect(next.status).toBe(200);
    const again = await regenerate(s, [s.year1]);
    expect(again).toMatchObject({ status: "completed", processed: 8 });
  });
});
