import { parseArgs } from "node:util";
import { confirmEnrolment, startEnrolment } from "../lib/app/authenticators/authenticators.js";
import { createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import { codeFromUri } from "../test/fakes/totp-codes.js";
import { startBenchRuntime } from "./local.js";

/**
 * Sign-in latency with and without the code step, through the local gateway and the real handlers: `--samples`
 * (default 40) users without an authenticator sign in with POST /v1/sessions (201), and as many with one sign in
 * with POST /v1/sessions (200 MFA_REQUIRED) then POST /v1/sessions/mfa with the current code (201); each user once
 * (a code is accepted once), interleaved, one at a time. Prints p50 and p95 of both (ms); the last line is JSON.
 * Run: `npx tsx bench/sign-in-mfa.ts [--samples N]`.
 */
const { values } = parseArgs({ options: { samples: { type: "string", default: "40" } } });
const samples = Number(values.samples);
const password = "correct-horse-battery-staple-42";
const tenantId = "mfa-bench";

const runtime = await startBenchRuntime();
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const round = (n: number) => Math.round(n * 10) / 10;

async function post(path: string, json: unknown) {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

try {
  const deps = runtime.deps();
  await createTenant(deps, { tenantId, name: "MFA Bench School", preferences: { twoFactorRoles: [] } });
  const plain: string[] = [];
  const enrolled: { username: string; uri: string }[] = [];
  for (let i = 0; i < samples * 2; i++) {
    const username = `staff.${i}`;
    const user = await createUserWithPassword(deps, {
      tenantId,
      username,
      forename: "Sam",
      surname: `Staff${i}`,
      userType: "staff",
      roles: ["staff"],
      password,
    });
    if (i % 2 === 0) {
      plain.push(username);
      continue;
    }
    const principal = { kind: "user" as const, tenantId, userId: user.userId, roles: user.roles };
    const started = await startEnrolment(deps, principal);
    // Confirmed with the previous step's code: every later step's code is still unused.
    const code = codeFromUri(started.otpauthUri, new Date(Date.now() - 30_000));
    await confirmEnrolment(deps, principal, { deviceId: started.deviceId, name: "Phone", code });
    enrolled.push({ username, uri: started.otpauthUri });
  }
  const without: number[] = [];
  const withCode: number[] = [];
  for (let i = 0; i < samples; i++) {
    let started = performance.now();
    const session = await post("/v1/sessions", { tenantId, username: plain[i], password });
    if (session.status !== 201) throw new Error(`sign-in without a code: ${session.status}`);
    without.push(performance.now() - started);

    const person = enrolled[i] as { username: string; uri: string };
    started = performance.now();
    const challenge = await post("/v1/sessions", { tenantId, username: person.username, password });
    if (challenge.status !== 200) throw new Error(`sign-in with a code: ${challenge.status}`);
    const answered = await post("/v1/sessions/mfa", {
      challengeToken: challenge.body.challengeToken,
      code: codeFromUri(person.uri, new Date()),
    });
    if (answered.status !== 201) throw new Error(`code step: ${answered.status}`);
    withCode.push(performance.now() - started);
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
  };
  const result = { samples, withoutCode: stats(without), withCode: stats(withCode) };
  console.log(`sign-in without a code: p50 ${result.withoutCode.p50} ms, p95 ${result.withoutCode.p95} ms`);
  console.log(`sign-in with the code step: p50 ${result.withCode.p50} ms, p95 ${result.withCode.p95} ms`);
  console.log(JSON.stringify(result));
} finally {
  await runtime.stop();
}
