import { request } from "node:http";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { lockoutPolicy } from "../../lib/domain/lockout.js";
import {
  addUser,
  client,
  createTestTenant,
  staffPassword,
  startTestRuntime,
  verifyEmails,
} from "./harness.js";

/**
 * The lockout under parallel sign-ins through the real handler and table (issue 14): the owner's right password
 * sent ten times at once gets ten sessions; a hundred wrong guesses at once get at most five evaluations. Guesses
 * come from many loopback addresses, as a spread attacker's would, so the per-source limit does not stop them
 * first: what is proven is the credential's own bound.
 */
let runtime: LocalRuntime;
let tenantId: string;
let apiKey: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  ({ tenantId, apiKey } = await createTestTenant(runtime));
});
afterAll(async () => runtime?.stop());

/** `POST /v1/sessions` from the loopback address 127.0.0.`source`; resolves to the status. */
function signIn(username: string, password: string, source: number): Promise<number> {
  const url = new URL(`${runtime.apiUrl}/v1/sessions`);
  const body = JSON.stringify({ tenantId, username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: `127.0.0.${source}`,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const sourceOf = (i: number) => 2 + (i % 250);

/** Counts the hasher's evaluations of stored hashes (not the dummy work for refusals) during `run`. */
async function evaluationsDuring<T>(run: () => Promise<T>): Promise<{ result: T; evaluated: string[] }> {
  const verify = vi.spyOn(runtime.deps().hasher, "verify");
  try {
    const result = await run();
    return { result, evaluated: verify.mock.calls.map(([, secret]) => secret) };
  } finally {
    verify.mockRestore();
  }
}

const counters = async (userId: string) =>
  (await runtime.deps().credentials.getPassword(tenantId, userId))?.attempts;

describe("lockout under parallel sign-ins", () => {
  it("gives 10 parallel sign-ins with the right password 10 sessions", async () => {
    const user = await addUser(runtime, tenantId, "parallel.right", ["staff"]);
    const { result } = await evaluationsDuring(() =>
      Promise.all(Array.from({ length: 10 }, (_, i) => signIn("parallel.right", staffPassword, sourceOf(i)))),
    );
    expect(result).toEqual(Array(10).fill(201));
    expect(await counters(user.userId)).toMatchObject({ failures: 0, pending: 0, lockouts: 0 });
  });

  it("evaluates at most 5 of 100 parallel wrong passwords, then refuses the right one: locked", async () => {
    const user = await addUser(runtime, tenantId, "parallel.wrong", ["staff"]);
    const { result, evaluated } = await evaluationsDuring(() =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) => signIn("parallel.wrong", `guess-${i}-x`, sourceOf(i))),
      ),
    );
    expect(result.every((status) => status === 401)).toBe(true);
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(lockoutPolicy.threshold);
    const after = await counters(user.userId);
    expect(after).toMatchObject({ lockouts: 1, pending: 0 });
    expect(after?.lockedUntil).toBeGreaterThan(Date.now());
    const { result: owner, evaluated: ownerEvaluated } = await evaluationsDuring(() =>
      signIn("parallel.wrong", staffPassword, 1),
    );
    expect(owner).toBe(401);
    expect(ownerEvaluated).toEqual([]);
  });

  it("mixes 5 right and 40 wrong in parallel: no wrong one passes, at most 5 wrong evaluations per success", async () => {
    const user = await addUser(runtime, tenantId, "parallel.mixed", ["staff"]);
    const passwords = Array.from({ length: 45 }, (_, i) => (i % 9 === 0 ? staffPassword : `guess-${i}-x`));
    const { result, evaluated } = await evaluationsDuring(() =>
      Promise.all(passwords.map((password, i) => signIn("parallel.mixed", password, sourceOf(i)))),
    );
    const sessions = result.filter((status) => status === 201).length;
    const wrongEvaluated = evaluated.filter((secret) => !secret.startsWith("correct-horse")).length;
    expect(result.every((status, i) => status === (passwords[i] === staffPassword ? status : 401))).toBe(
      true,
    );
    expect(result.every((status) => status === 201 || status === 401)).toBe(true);
    expect(wrongEvaluated).toBeLessThanOrEqual(lockoutPolicy.threshold * (sessions + 1));
    const after = await counters(user.userId);
    expect(after?.pending).toBe(0);
    // The owner is refused only once the wrong guesses locked the password; otherwise every right one passed.
    if (sessions < 5) expect(after?.lockouts).toBeGreaterThan(0);
    else expect(after?.lockedUntil).toBeUndefined();
  });

  /** Five attempts reserved and never settled (their functions died), the last one `ageMs` ago. */
  async function strandInFlight(userId: string, ageMs: number) {
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    await db.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.passwordCredential(tenantId, userId),
        UpdateExpression: "SET failures = :five, pending = :five, lastAttemptAt = :at",
        ExpressionAttributeValues: { ":five": lockoutPolicy.threshold, ":at": Date.now() - ageMs },
      }),
    );
  }

  it("holds the places of evaluations that died while their lease runs: the right password waits, unevaluated", async () => {
    const user = await addUser(runtime, tenantId, "in.flight", ["staff"]);
    await strandInFlight(user.userId, 5_000);
    const { result, evaluated } = await evaluationsDuring(() => signIn("in.flight", staffPassword, 2));
    expect(result).toBe(401);
    expect(evaluated).toEqual([]);
    expect(await counters(user.userId)).toMatchObject({ failures: lockoutPolicy.threshold, pending: 5 });
  });

  it("frees them once the lease has passed, without a lock: the right password then signs in", async () => {
    const user = await addUser(runtime, tenantId, "lease.over", ["staff"]);
    await strandInFlight(user.userId, lockoutPolicy.leaseSeconds * 1000 + 1_000);
    expect(await signIn("lease.over", staffPassword, 2)).toBe(201);
    expect(await counters(user.userId)).toMatchObject({ failures: 0, pending: 0, lockouts: 0 });
  });

  it("verifies 10 parallel right SSO PINs (the hash kept on the counter) and counts 30 wrong ones to a lock", async () => {
    const api = client(runtime);
    const teacher = (username: string, externalId: string) => ({
      externalId,
      username,
      forename: "Jo",
      surname: "Sso",
      email: `${username}@school.example`,
      emailVerified: true,
      dateOfBirth: "1985-03-14",
      userType: "staff",
      profiles: ["sso"],
    });
    const roster = { users: [teacher("sso.right", "S1"), teacher("sso.wrong", "S2")] };
    expect((await api("POST", "/v1/roster", { apiKey, json: roster })).status).toBe(200);
    await verifyEmails(runtime, tenantId, ["S1", "S2"]);
    const ids = await runtime.deps().users.idsByExternalId(tenantId, ["S1", "S2"]);
    for (const [username, externalId] of [
      ["sso.right", "S1"],
      ["sso.wrong", "S2"],
    ] as const) {
      const reset = `/v1/users/${ids.get(externalId)}/sso-pin/reset`;
      expect((await api("POST", reset, { apiKey, json: {} })).status).toBe(200);
      const json = { username, pin: "583920", confirmPin: "583920" };
      expect((await api("POST", "/v1/sso-pins/setup", { apiKey, json })).status).toBe(200);
    }
    const verify = (username: string, pin: string) =>
      api("POST", "/v1/sso-pins/verify", { apiKey, json: { username, pin, action: "sign_in" } });

    const right = await Promise.all(Array.from({ length: 10 }, () => verify("sso.right", "583920")));
    expect(right.map((r) => r.body.outcome)).toEqual(Array(10).fill("ok"));

    const { result, evaluated } = await evaluationsDuring(() =>
      Promise.all(Array.from({ length: 30 }, (_, i) => verify("sso.wrong", String(600_000 + i * 7)))),
    );
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(lockoutPolicy.threshold);
    const outcomes = new Set(result.map((r) => r.body.outcome));
    expect([...outcomes].every((o) => o === "invalid" || o === "locked")).toBe(true);
    expect((await verify("sso.wrong", "583920")).body.outcome).toBe("locked");
  });
});
