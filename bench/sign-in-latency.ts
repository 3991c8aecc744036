import { parseArgs } from "node:util";
import { createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import { codeFromUri } from "../test/fakes/totp-codes.js";
import { startBenchRuntime } from "./local.js";

/**
 * Sign-in latency with and without the authenticator step (issue #8), through the API on the emulators:
 * `--samples` (default 60) staff sign in with a password only (`POST /v1/sessions` → 201), and as many with an
 * authenticator (`POST /v1/sessions` → 200 MFA_REQUIRED, then `POST /v1/sessions/mfa` with the current code → 201),
 * `--concurrency` (default 2) in flight. A code is accepted once per device and 30-second step, so each person with
 * an authenticator signs in once, in a step after the one they enrolled in. Prints p50/p95 of each (the code flow
 * both as a whole and its second request alone); the last line is JSON.
 */
const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "60" },
    concurrency: { type: "string", default: "2" },
  },
});
const samples = Number(values.samples);
const concurrency = Number(values.concurrency);
const password = "correct-horse-battery-staple-42";
const tenantId = "latency-school";

/** The current code, as an authenticator app computes it (node:crypto, not otplib). */
const totp = (otpauthUri: string) => codeFromUri(otpauthUri, new Date());

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const round = (n: number) => Math.round(n * 10) / 10;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};

const runtime = await startBenchRuntime();
const call = async (path: string, body: unknown, token?: string) => {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};
const signIn = (username: string) => call("/v1/sessions", { tenantId, username, password });

/** Runs `work` over `items` with `concurrency` in flight. */
async function inFlight<T>(items: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

try {
  const deps = runtime.deps();
  await createTenant(deps, { tenantId, name: "Latency School" });
  const people = (prefix: string) => Array.from({ length: samples }, (_, i) => `${prefix}.${i}`);
  const plain = people("plain");
  const withCode = people("code");
  for (const username of [...plain, ...withCode, "warm.up"]) {
    await createUserWithPassword(deps, {
      tenantId,
      username,
      forename: "Sam",
      surname: username,
      userType: "staff",
      roles: ["staff"],
      password,
    });
  }
  // Each person with a code enrols an authenticator through the API, as the security keys page would.
  const uris = new Map<string, string>();
  await inFlight(withCode, async (username) => {
    const session = await signIn(username);
    const started = await call("/v1/me/authenticators", {}, session.body.token);
    const uri = started.body.otpauthUri as string;
    const confirmed = await call(
      `/v1/me/authenticators/${started.body.deviceId}/confirm`,
      { name: "My phone", code: totp(uri) },
      session.body.token,
    );
    if (confirmed.status >= 300) throw new Error(`enrolment failed: ${confirmed.status}`);
    uris.set(username, uri);
  });
  await signIn("warm.up");
  // Every code used below must be of a later step than the enrolment's.
  await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));

  const passwordOnly: number[] = [];
  await inFlight(plain, async (username) => {
    const started = performance.now();
    const answer = await signIn(username);
    passwordOnly.push(performance.now() - started);
    if (answer.status !== 201) throw new Error(`expected 201, got ${answer.status}`);
  });
  const whole: number[] = [];
  const codeStep: number[] = [];
  await inFlight(withCode, async (username) => {
    const started = performance.now();
    const challenge = await signIn(username);
    if (challenge.body.challenge !== "MFA_REQUIRED")
      throw new Error(`expected MFA_REQUIRED, got ${challenge.status}`);
    const stepStarted = performance.now();
    const session = await call("/v1/sessions/mfa", {
      challengeToken: challenge.body.challengeToken,
      code: totp(uris.get(username) as string),
    });
    const ended = performance.now();
    if (session.status !== 201) throw new Error(`expected 201 from the code step, got ${session.status}`);
    whole.push(ended - started);
    codeStep.push(ended - stepStarted);
  });
  const result = {
    passwordOnly: summary(passwordOnly),
    withCode: summary(whole),
    codeStepAlone: summary(codeStep),
    concurrency,
  };
  console.log(`password only (ms):          ${JSON.stringify(result.passwordOnly)}`);
  console.log(`password + code, whole (ms): ${JSON.stringify(result.withCode)}`);
  console.log(`the code step alone (ms):    ${JSON.stringify(result.codeStepAlone)}`);
  console.log(JSON.stringify(result));
} finally {
  await runtime.stop();
}
