import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { batchPut } from "../lib/adapters/dynamodb/batch.js";
import { documentClient } from "../lib/adapters/dynamodb/client.js";
import { keys } from "../lib/adapters/dynamodb/keys.js";
import { userItem } from "../lib/adapters/dynamodb/user-items.js";
import { createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import type { User } from "../lib/domain/model.js";
import { startBenchRuntime } from "./local.js";

/**
 * Bulk regeneration rate on the local runtime: N unclaimed pupils (default 10,000) in 20 classes, regenerated
 * through the real path — POST /v1/password-regenerations → fan-out consumer → work consumers → DynamoDB Local —
 * timed from the POST to the job's final state; then the one-time report is retrieved. In the same run, the raw
 * DynamoDB Local BatchWriteItem rate for N items of the same shape gives the ceiling. Last line: JSON figures.
 */
const { values } = parseArgs({
  options: { users: { type: "string", default: "10000" }, groups: { type: "string", default: "20" } },
});
const count = Number(values.users);
const groupCount = Number(values.groups);
const tenantId = "bench-school";
const adminPassword = "correct-horse-battery-staple-2026";

const runtime = await startBenchRuntime();
const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
const table = runtime.tableName;

/** Seeds users, groups and memberships straight into the table (the roster path is measured by bench:roster). */
async function seed() {
  const deps = runtime.deps();
  // The bench times regeneration, not sign-in: its admin signs in with a password only.
  await createTenant(deps, { tenantId, name: "Bench School", preferences: { twoFactorRoles: [] } });
  await createUserWithPassword(deps, {
    tenantId,
    username: "admin",
    forename: "Bench",
    surname: "Admin",
    userType: "staff",
    roles: ["site-admin"],
    password: adminPassword,
  });
  const now = new Date().toISOString();
  const groupIds: string[] = [];
  for (let g = 0; g < groupCount; g++) {
    const { groupId } = await deps.groups.upsertFromRoster(
      tenantId,
      { externalId: `G${g}`, name: `Class ${g}`, type: "class" },
      new Date(),
    );
    groupIds.push(groupId);
  }
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const user: User = {
      tenantId,
      userId: `u${String(i).padStart(6, "0")}`,
      username: `pupil${i}`,
      forename: `Forename${i}`,
      surname: `Surname${i % 97}`,
      emailVerified: false,
      dateOfBirth: "2018-03-14",
      userType: "student",
      roles: ["pupil"],
      permissions: [],
      companyExceptions: [],
      profiles: [],
      status: "active",
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const groupId = groupIds[i % groupCount] as string;
    items.push(userItem(user), {
      ...keys.membership(tenantId, groupId, user.userId),
      tenantId,
      groupId,
      userId: user.userId,
    });
  }
  await batchPut(db, table, items);
  return groupIds;
}

/** N items shaped like a sealed credential, written with BatchWriteItem (25 per call, 4 calls in flight). */
async function rawBatchWriteRate(n: number) {
  const items = Array.from({ length: n }, (_, i) => ({
    ...keys.temporaryCredential("raw", String(i)),
    sealed: { data: randomBytes(44).toString("base64"), key: `local:${randomBytes(60).toString("base64")}` },
    generation: "00000000-0000-0000-0000-000000000000",
    generatedAt: new Date().toISOString(),
    expiresAt: 4_000_000_000,
  }));
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next; i < items.length; i = next) {
      next += 25;
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const res = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return n / ((performance.now() - started) / 1000);
}

const api = async (method: string, path: string, token?: string, body?: unknown) => {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

try {
  const seedStarted = performance.now();
  const groupIds = await seed();
  console.log(
    `seeded ${count} users in ${groupCount} groups in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  // Warm DynamoDB Local's JIT, then measure the raw rate just before the job and again just after it; the ratio
  // uses the faster of the two (this VM's speed drifts with its neighbours; the faster one is the harder bar).
  await rawBatchWriteRate(Math.min(count, 2000));
  const rawBefore = await rawBatchWriteRate(count);
  const session = await api("POST", "/v1/sessions", undefined, {
    tenantId,
    username: "admin",
    password: adminPassword,
  });
  const token = session.body.token as string;

  const started = performance.now();
  const accepted = await api("POST", "/v1/password-regenerations", token, {
    groupIds,
    password: adminPassword,
  });
  if (accepted.status !== 202)
    throw new Error(`Expected 202, got ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  const acceptedAfter = (performance.now() - started) / 1000;
  const jobId = accepted.body.jobId as string;
  let job: Record<string, unknown> = accepted.body;
  let runningAt: number | undefined;
  const deadline = Date.now() + 15 * 60_000;
  while (!["completed", "completed_with_failures", "failed"].includes(String(job.status))) {
    if (Date.now() > deadline) throw new Error(`Job still ${job.status} after 15 minutes`);
    await new Promise((r) => setTimeout(r, 100));
    job = (await api("GET", `/v1/jobs/${jobId}`, token)).body;
    if (runningAt === undefined && Number(job.processed) > 0) runningAt = performance.now();
  }
  const seconds = (performance.now() - started) / 1000;
  const reportStarted = performance.now();
  const report = await api("GET", `/v1/jobs/${jobId}/report`, token);
  const reportSeconds = (performance.now() - reportStarted) / 1000;
  const rows = (report.body.rows as unknown[] | undefined)?.length ?? 0;
  const rawAfter = await rawBatchWriteRate(count);
  const raw = Math.max(rawBefore, rawAfter);

  const usersPerSecond = Number(job.processed) / seconds;
  console.log(
    `accepted (202) after ${acceptedAfter.toFixed(2)} s; job ${job.status} after ${seconds.toFixed(2)} s`,
  );
  console.log(`users ${job.total}: processed ${job.processed}, failed ${job.failed}`);
  const firstWork = runningAt === undefined ? seconds : (runningAt - started) / 1000;
  console.log(
    `first chunk counted after ${firstWork.toFixed(2)} s (API, fan-out: cohort read, plan, work sent)`,
  );
  console.log(`report: ${rows} rows in ${reportSeconds.toFixed(2)} s (status ${report.status})`);
  console.log(
    `raw BatchWriteItem: ${rawBefore.toFixed(0)} items/s before the job, ${rawAfter.toFixed(0)} after; ` +
      "the job writes 2 items per user (credential, event) and reads 2 (membership, user state)",
  );
  console.log(
    JSON.stringify({
      users: Number(job.processed),
      seconds: Number(seconds.toFixed(2)),
      usersPerSecond: Number(usersPerSecond.toFixed(1)),
      rawItemsPerSecond: Number(raw.toFixed(1)),
      ratio: Number((usersPerSecond / raw).toFixed(3)),
    }),
  );
} finally {
  await runtime.stop();
}
