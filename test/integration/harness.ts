import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { type LocalRuntime, startLocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { createApiKey, createTenant, createUserWithPassword } from "../../lib/app/operator/operator.js";
import type { Role } from "../../lib/domain/model.js";
import { signUpSourcePolicy, sourceWindowStart } from "../../lib/domain/pin-code.js";

export type ApiResponse<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: T;
  text: string;
};

/** Starts the local runtime (routes + queue pollers) on the shared emulators, with its own table and queues. */
export async function startTestRuntime(
  options: {
    pollers?: boolean;
    visibilityTimeoutSeconds?: number;
    senderDomains?: string[];
    tenantDailyEmailQuota?: number;
    /** Default ERROR: tests that read the service's own log lines lower it. */
    logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** Publish metrics (EMF on stdout), for a test that reads them. */
    metrics?: boolean;
  } = {},
) {
  const endpoints = inject("emulators");
  const runtime = await startLocalRuntime({
    stateDir: await mkdtemp(join(tmpdir(), "latchkey-test-")),
    emulators: { ...endpoints, stop: async () => undefined },
    prefix: `t${randomBytes(4).toString("hex")}`,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 2,
    pollers: options.pollers,
    ...(options.senderDomains && { senderDomains: options.senderDomains }),
    ...(options.tenantDailyEmailQuota && { tenantDailyEmailQuota: options.tenantDailyEmailQuota }),
    logLevel: options.logLevel ?? "ERROR",
    metrics: options.metrics ?? false,
  });
  return runtime;
}

/** Calls the local API like a client would. */
export function client(runtime: LocalRuntime) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      json?: unknown;
      body?: string;
      apiKey?: string;
      token?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.apiKey) headers["x-api-key"] = options.apiKey;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${runtime.apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}

export const staffPassword = "correct-horse-battery-staple-42";

/**
 * A tenant with an API key and a site admin who can sign in. Its `twoFactorRoles` are none unless given: the suites
 * of other features act as admins signed in with a password only; the basic-access gate's own suite
 * (authenticators-gate) passes the defaults.
 */
export async function createTestTenant(
  runtime: LocalRuntime,
  tenantId = `school-${randomBytes(3).toString("hex")}`,
  options: { twoFactorRoles?: Role[] } = {},
) {
  const deps = runtime.deps();
  await createTenant(deps, {
    tenantId,
    name: `School ${tenantId}`,
    environmentName: "Test School",
    preferences: { twoFactorRoles: options.twoFactorRoles ?? [] },
  });
  const { apiKey } = await createApiKey(deps, { tenantId, name: "test" });
  const admin = await addUser(runtime, tenantId, "admin", ["site-admin", "staff"], "admin@school.example");
  return { tenantId, apiKey, admin };
}

export async function addUser(
  runtime: LocalRuntime,
  tenantId: string,
  username: string,
  roles: Role[],
  email?: string,
) {
  return createUserWithPassword(runtime.deps(), {
    tenantId,
    username,
    forename: username,
    surname: "Tester",
    userType: "staff",
    roles,
    email,
    emailVerified: Boolean(email),
    password: staffPassword,
  });
}

/** Polls until `check` returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Emails the SES emulator holds (its `GET /store` API). */
export async function sentEmails(runtime: LocalRuntime) {
  const response = await fetch(`${runtime.sesUrl}/store`);
  const store = (await response.json()) as {
    emails: {
      subject: string;
      to?: string;
      destination?: { to: string[] };
      body: { text?: string; html?: string };
    }[];
  };
  return store.emails;
}

/** Emails the SES emulator holds that went to an address containing `address` (or a tag in it). */
export async function sentTo(runtime: LocalRuntime, address: string) {
  return (await sentEmails(runtime)).filter((e) => JSON.stringify(e.destination ?? e.to).includes(address));
}

/** A bulk job once it has reached a final state (completed, completed with failures, or failed). */
export function finishedJob(api: ReturnType<typeof client>, apiKey: string, jobId: string) {
  return eventually(async () => {
    const job = await api("GET", `/v1/jobs/${jobId}`, { apiKey });
    return ["completed", "completed_with_failures", "failed"].includes(job.body.status as string)
      ? job.body
      : undefined;
  });
}

/**
 * Marks the emails of these roster users verified, as their owners following a link would: a roster never can.
 */
export async function verifyEmails(runtime: LocalRuntime, tenantId: string, externalIds: readonly string[]) {
  const deps = runtime.deps();
  const ids = await deps.users.idsByExternalId(tenantId, externalIds);
  for (const user of await deps.users.getMany(tenantId, [...ids.values()])) {
    if (!user.email || !(await deps.users.markEmailVerified(tenantId, user.userId, user.email))) {
      throw new Error(`Could not verify the email of ${user.username}`);
    }
  }
}

/**
 * Rate limits count in fixed 15-minute windows (`sourceWindowStart`), read from the real clock by the handlers. A
 * test that fills a window and then expects a 429 fails if the window turns over in between, so it starts by waiting
 * for the next window when fewer than `marginSeconds` are left in this one (at most that long).
 */
export async function clearOfWindowEdge(marginSeconds = 30): Promise<void> {
  const now = Date.now() / 1000;
  const left = sourceWindowStart(new Date()) + signUpSourcePolicy.windowSeconds - now;
  if (left < marginSeconds) await new Promise((resolve) => setTimeout(resolve, (left + 0.5) * 1000));
}

/** Every item of this runtime's table, in key order, to prove a refused request wrote nothing. */
export async function tableSnapshot(runtime: LocalRuntime): Promise<string> {
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
}

/** `count` pupils for a roster import (`U0`…, `user0`…), all in one custom group `G1` when `inGroup`. */
export function everyoneRoster(count: number, options: { inGroup: boolean }) {
  const users = Array.from({ length: count }, (_, i) => ({
    externalId: `U${i}`,
    username: `user${i}`,
    forename: "Test",
    surname: `User${i}`,
    userType: "student",
  }));
  const groups = [{ externalId: "G1", name: "Everyone", type: "custom" }];
  const memberships = options.inGroup
    ? users.map((u) => ({ groupExternalId: "G1", userExternalId: u.externalId }))
    : [];
  return { users, groups, memberships };
}
