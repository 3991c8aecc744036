import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { DynamoIdempotencyStore } from "../../lib/adapters/dynamodb/idempotency-store.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { IdempotencyInProgressError } from "../../lib/domain/idempotency.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { earlyYearsSchool } from "./early-years-school.js";
import {
  type ApiResponse,
  client,
  createTestTenant,
  eventually,
  staffPassword,
  startTestRuntime,
} from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let db: ReturnType<typeof documentClient>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
});
afterAll(async () => runtime?.stop());

/** A school with one class of six pupils (none has set a password) and its site admin signed in. */
async function school() {
  const tenant = await createTestTenant(runtime);
  const pupils = Array.from({ length: 6 }, (_, i) => ({
    externalId: `P${i + 1}`,
    username: `p${i + 1}`,
    forename: `Pupil${i + 1}`,
    surname: "Idem",
    userType: "student",
  }));
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        { externalId: "C1", name: "Class 1", type: "class" },
        { externalId: "C2", name: "Class 2", type: "class" },
      ],
      users: pupils,
      memberships: pupils.map((p, i) => ({
        groupExternalId: i < 3 ? "C1" : "C2",
        userExternalId: p.externalId,
      })),
    },
  });
  expect(imported.status).toBe(200);
  const groups = await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["C1", "C2"]);
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  expect(session.status).toBe(201);
  return {
    ...tenant,
    token: session.body.token as string,
    class1: groups.get("C1") as string,
    class2: groups.get("C2") as string,
  };
}
type School = Awaited<ReturnType<typeof school>>;

const regenerate = (s: School, groupIds: string[], key?: string, password = staffPassword) =>
  api("POST", "/v1/password-regenerations", {
    token: s.token,
    json: { groupIds, password },
    ...(key !== undefined && { headers: { "idempotency-key": key } }),
  });

/** Every job the tenant has (its job list index), whatever started it. */
async function jobIds(tenantId: string): Promise<string[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: runtime.tableName,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": `T#${tenantId}#JOBS` },
    }),
  );
  return (result.Items ?? []).map((item) => item.jobId as string);
}

function finished(s: School, jobId: string) {
  return eventually(async () => {
    const job = await api("GET", `/v1/jobs/${jobId}`, { token: s.token });
    return ["queued", "running"].includes(job.body.status as string) ? undefined : job.body;
  });
}

const problemType = (r: ApiResponse) => r.body.type as string;

describe("Idempotency-Key on POST /v1/password-regenerations", () => {
  it("starts one job for 50 identical requests at once; the others get the same job or 409, and later the first answer", async () => {
    const s = await school();
    const key = "0d6f1c1e-9a57-4d3e-a1c5-5b8f4c2f9e01";
    const answers = await Promise.all(Array.from({ length: 50 }, () => regenerate(s, [s.class1], key)));
    const accepted = answers.filter((a) => a.status === 202);
    const inProgress = answers.filter((a) => a.status === 409);
    expect(accepted.length + inProgress.length).toBe(50);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((a) => a.body.jobId)).size).toBe(1);
    for (const refused of inProgress) {
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(problemType(refused)).toBe("urn:latchkey:problem:conflict");
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.body.detail).toContain("Idempotency-Key");
    }
    const jobId = accepted[0]?.body.jobId as string;
    expect(await jobIds(s.tenantId)).toEqual([jobId]);
    const job = await finished(s, jobId);
    expect(job).toMatchObject({ status: "completed", total: 3, processed: 3 });

    // Later, the same key and body: the first answer again, and still one job.
    const first = accepted.find((a) => a.headers.get("idempotent-replayed") === null) as ApiResponse;
    const again = await regenerate(s, [s.class1], key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("location")).toBe(`/v1/jobs/${jobId}`);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await jobIds(s.tenantId)).toEqual([jobId]);

    // The slips of that one job are all valid: no later run replaced them.
    const report = await api<{ rows: { void?: string; password?: string }[] }>(
      "GET",
      `/v1/jobs/${jobId}/report?format=json`,
      { token: s.token },
    );
    expect(report.status).toBe(200);
    expect(report.body.rows).toHaveLength(3);
    expect(report.body.rows.every((r) => r.void === undefined && typeof r.password === "string")).toBe(true);
  });

  it("refuses the same key with another body (422 naming the header) and starts nothing", async () => {
    const s = await school();
    const first = await regenerate(s, [s.class1], "key-reused");
    expect(first.status).toBe(202);
    await finished(s, first.body.jobId as string);
    const other = await regenerate(s, [s.class2], "key-reused");
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(problemType(other)).toBe("urn:latchkey:problem:validation");
    expect(other.body.errors).toEqual([
      { pointer: "#header/idempotency-key", detail: "already used with a different request" },
    ]);
    expect(await jobIds(s.tenantId)).toEqual([first.body.jobId]);
  });

  it("keeps keys per tenant: another school's same key starts its own job", async () => {
    const [a, b] = await Promise.all([school(), school()]);
    const ofA = await regenerate(a, [a.class1], "shared-key");
    const ofB = await regenerate(b, [b.class1], "shared-key");
    expect([ofA.status, ofB.status]).toEqual([202, 202]);
    expect(ofB.body.jobId).not.toBe(ofA.body.jobId);
    expect(await jobIds(b.tenantId)).toEqual([ofB.body.jobId]);
  });

  it("without a key behaves as before: each request after the last run ends starts a new job", async () => {
    const s = await school();
    const one = await regenerate(s, [s.class1]);
    expect(one.status).toBe(202);
    expect(one.headers.get("idempotent-replayed")).toBeNull();
    await finished(s, one.body.jobId as string);
    const two = await regenerate(s, [s.class1]);
    expect(two.status).toBe(202);
    expect(two.body.jobId).not.toBe(one.body.jobId);
  });

  it("keeps no failure: a wrong password frees the key, and the retry with the right one starts the job", async () => {
    const s = await school();
    const wrong = await regenerate(s, [s.class1], "retry-after-401", "not-my-password");
    expect(wrong.status).toBe(401);
    expect(await jobIds(s.tenantId)).toEqual([]);
    const right = await regenerate(s, [s.class1], "retry-after-401");
    expect(right.status).toBe(202);
    expect(right.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses a key that is not 1–255 printable ASCII with 400 problem+json, starting nothing", async () => {
    const s = await school();
    for (const key of ["x".repeat(256), "tab\tinside", ""]) {
      const refused = await regenerate(s, [s.class1], key);
      expect(refused.status, JSON.stringify(key)).toBe(400);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(refused.body.errors).toEqual([
        { pointer: "#header/idempotency-key", detail: "1 to 255 printable ASCII characters" },
      ]);
    }
    expect(await jobIds(s.tenantId)).toEqual([]);
  });

  it("forgets a key once its record has expired, though DynamoDB Local never deletes it", async () => {
    const s = await school();
    const first = await regenerate(s, [s.class1], "expiring-key");
    expect(first.status).toBe(202);
    await finished(s, first.body.jobId as string);
    const partition = keys.idempotencyRecord(s.tenantId, "").pk;
    const records = await db.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": partition },
      }),
    );
    expect(records.Items).toHaveLength(1);
    const record = records.Items?.[0] as Record<string, unknown>;
    // Kept 24 h, as the TTL attribute says; nothing of the password or the key in clear.
    expect(Number(record.expiresAt) - Date.now() / 1000).toBeGreaterThan(24 * 3600 - 120);
    expect(JSON.stringify(record)).not.toContain(staffPassword);
    expect(JSON.stringify(record)).not.toContain("expiring-key");
    await db.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: { pk: record.pk, sk: record.sk },
        UpdateExpression: "SET expiresAt = :past",
        ExpressionAttributeValues: { ":past": Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const again = await regenerate(s, [s.class1], "expiring-key");
    expect(again.status).toBe(202);
    expect(again.body.jobId).not.toBe(first.body.jobId);
  });
});

describe("Idempotency-Key on the other bulk starts", () => {
  it("replays reset and verification emails and roster imports; the OpenAPI documents the header on every bulk start", async () => {
    const s = await school();
    const starts: [string, unknown][] = [
      ["/v1/password-reset-emails", { groupIds: [s.class1] }],
      ["/v1/email-verification-emails", { groupIds: [s.class2] }],
      ["/v1/roster", { groups: [{ externalId: "C3", name: "Class 3", type: "class" }] }],
    ];
    for (const [path, json] of starts) {
      const headers = { "idempotency-key": `key-${path}` };
      const first = await api("POST", path, { token: s.token, json, headers });
      expect(first.status, path).toBeLessThan(300);
      const again = await api("POST", path, { token: s.token, json, headers });
      expect(again.status, path).toBe(first.status);
      expect(again.body, path).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed"), path).toBe("true");
    }
    const openapi = await api<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>(
      "GET",
      "/v1/openapi.json",
    );
    for (const path of [
      "/v1/password-regenerations",
      "/v1/password-reset-emails",
      "/v1/email-verification-emails",
      "/v1/classes/{groupId}/pupil-pins/random",
      "/v1/roster",
    ]) {
      const names = openapi.body.paths[path]?.post?.parameters?.map((p) => p.name);
      expect(names, path).toContain("Idempotency-Key");
    }
    expect(openapi.body.paths["/v1/sessions"]?.post?.parameters ?? []).toEqual([]);
  });
});

describe("the console's confirmation forms carry one key each", () => {
  const keyOf = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

  it("gives one regeneration for a double-click and a reload of the same form, and a new key per form", async () => {
    const s = await school();
    const admin = await signedInPageClient(runtime, s.tenantId, "admin");
    const confirm = await admin.get(`/console/password-tools/regenerate/confirm?groups=${s.class1}`);
    expect(confirm.status).toBe(200);
    const key = keyOf(confirm.text) as string;
    expect(key).toMatch(/^[\w-]{22}$/);
    const form = {
      csrf: confirm.csrf as string,
      groups: s.class1,
      password: staffPassword,
      idempotencyKey: key,
    };
    const path = "/console/password-tools/regenerate";
    const clicks = await Promise.all([admin.post(path, form), admin.post(path, form)]);
    expect(clicks.map((c) => c.status)).toEqual([303, 303]);
    expect(clicks[1]?.location).toBe(clicks[0]?.location);
    const [jobId] = await jobIds(s.tenantId);
    expect(clicks[0]?.location).toBe(`/console/jobs/${jobId}`);
    const reload = await admin.post(path, form);
    expect(reload.location).toBe(clicks[0]?.location);
    expect(await jobIds(s.tenantId)).toHaveLength(1);

    // The next confirmation is a new request: its own key, its own job.
    const next = await admin.get(`/console/password-tools/regenerate/confirm?groups=${s.class1}`);
    expect(keyOf(next.text)).not.toBe(key);
  });

  it("gives one reset-email job for a double-click of the same form", async () => {
    const s = await school();
    const admin = await signedInPageClient(runtime, s.tenantId, "admin");
    const picker = await admin.get(`/console/password-tools/reset-emails?groups=${s.class2}`);
    const form = {
      csrf: picker.csrf as string,
      groups: s.class2,
      idempotencyKey: keyOf(picker.text) as string,
    };
    const path = "/console/password-tools/reset-emails";
    const clicks = await Promise.all([admin.post(path, form), admin.post(path, form)]);
    expect(clicks.map((c) => c.status)).toEqual([303, 303]);
    expect(clicks[1]?.location).toBe(clicks[0]?.location);
    expect(await jobIds(s.tenantId)).toHaveLength(1);
  });
});

describe("random PINs for a class (API and console)", () => {
  it("gives one job per key through the API and one per form through the console", async () => {
    const s = await earlyYearsSchool(runtime, api);
    const tokenOf = async (username: string) =>
      (
        await api<{ token: string }>("POST", "/v1/sessions", {
          json: { tenantId: s.tenantId, username, password: staffPassword },
        })
      ).body.token;
    const configured = await api("PUT", "/v1/early-years", {
      token: await tokenOf("admin"),
      json: { yearGroupIds: [s.reception], defaultPin: { kind: "birthday" } },
    });
    expect(configured.status).toBe(200);
    const accepted = await api("POST", "/v1/early-years/declaration", {
      token: await tokenOf("head"),
      json: { version: earlyYearsDeclaration.version, accept: true },
    });
    expect(accepted.status).toBe(202);
    const token = await tokenOf("nc");
    const waitFor = (jobId: string) =>
      eventually(async () => {
        const job = await api("GET", `/v1/jobs/${jobId}`, { token });
        return ["queued", "running"].includes(job.body.status as string) ? undefined : job.body;
      });
    await waitFor((accepted.body.job as { jobId: string }).jobId);
    const before = (await jobIds(s.tenantId)).length;

    const path = `/v1/classes/${s.robins}/pupil-pins/random`;
    const headers = { "idempotency-key": "robins-pins" };
    const first = await api("POST", path, { token, json: {}, headers });
    expect(first.status).toBe(202);
    await waitFor(first.body.jobId as string);
    const again = await api("POST", path, { token, json: {}, headers });
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const otherLength = await api("POST", path, { token, json: { length: 6 }, headers });
    expect(otherLength.status).toBe(422);
    expect((await jobIds(s.tenantId)).length).toBe(before + 1);

    const teacher = await signedInPageClient(runtime, s.tenantId, "t.wrens");
    const classPage = `/console/early-years/classes/${s.wrens}`;
    const page = await teacher.get(classPage);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)?.[1] as string;
    const form = { csrf: page.csrf as string, confirm: "yes", idempotencyKey: key };
    const clicks = await Promise.all([
      teacher.post(`${classPage}/random-pins`, form),
      teacher.post(`${classPage}/random-pins`, form),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([303, 303]);
    expect(clicks[1]?.location).toBe(clicks[0]?.location);
    expect((await jobIds(s.tenantId)).length).toBe(before + 2);
  });
});

describe("DynamoIdempotencyStore (Powertools on DynamoDB Local)", () => {
  const call = (key: string, leaseMs = 29_000) => ({
    tenantId: "store-test",
    scope: "start-regeneration#user:u1",
    key,
    fingerprint: { body: { groupIds: ["g"] } },
    leaseMs,
  });

  it("releases the key when the work throws, so the retry runs", async () => {
    const store = new DynamoIdempotencyStore(db, runtime.tableName);
    await expect(
      store.once(call("throws"), async () => {
        throw new Error("queue down");
      }),
    ).rejects.toThrow("queue down");
    expect(await store.once(call("throws"), async () => "ran")).toEqual({ value: "ran", replayed: false });
    expect(await store.once(call("throws"), async () => "again")).toEqual({ value: "ran", replayed: true });
  });

  it("gives the work's answer when only keeping it fails (injected: no emulator fails one write on cue)", async () => {
    // The library's success write is its UpdateItem: that one call times out, every other reaches DynamoDB Local.
    const failing = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "send") return Reflect.get(target, property, receiver);
        return (command: { constructor: { name: string } }) => {
          if (command.constructor.name === "UpdateItemCommand") {
            return Promise.reject(Object.assign(new Error("socket hang up"), { name: "TimeoutError" }));
          }
          return target.send(command as Parameters<typeof target.send>[0]);
        };
      },
    });
    let runs = 0;
    const store = new DynamoIdempotencyStore(failing, runtime.tableName);
    const work = async () => `job-${++runs}`;
    // The job started: its answer is given, not an error that would make the client retry and start another.
    expect(await store.once(call("unsaved"), work)).toEqual({ value: "job-1", replayed: false });
    // The key stays held until its lease ends, so a retry meanwhile starts nothing.
    await expect(store.once(call("unsaved"), work)).rejects.toBeInstanceOf(IdempotencyInProgressError);
    expect(runs).toBe(1);
    // A failure before the work (the "in progress" write) still refuses, with nothing run.
    const down = new DynamoIdempotencyStore(
      new Proxy(db, {
        get: (target, property, receiver) =>
          property === "send"
            ? () => Promise.reject(Object.assign(new Error("socket hang up"), { name: "TimeoutError" }))
            : Reflect.get(target, property, receiver),
      }),
      runtime.tableName,
    );
    await expect(down.once(call("never"), work)).rejects.toMatchObject({ name: "TimeoutError" });
    expect(runs).toBe(1);
  });

  it("frees a key whose first call died in progress once its lease (the function's timeout) has passed", async () => {
    const store = new DynamoIdempotencyStore(db, runtime.tableName);
    // A first call that never ends: the Lambda was killed mid-way, its record stays "in progress".
    void store.once(call("crashed", 500), () => new Promise<string>(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(store.once(call("crashed", 500), async () => "early")).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await store.once(call("crashed", 500), async () => "retried")).toEqual({
      value: "retried",
      replayed: false,
    });
  });
});
