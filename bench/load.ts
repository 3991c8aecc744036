import { Agent } from "node:http";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import {
  type Answer,
  call as callFrom,
  must,
  password,
  seedLoadSchool,
  ssoPin,
  tenantId,
} from "./load-school.js";
import { startBenchRuntime } from "./local.js";

/**
 * Load on the local runtime (issue 14): `--clients` (default 200) concurrent clients for `--seconds` (default 60),
 * each one a device of its own — its own loopback source address (127.0.0.2, .3, …: the per-source limits count
 * failures per address, and a school's devices are many) and its own people — signing in with a password
 * (POST /v1/sessions), verifying an SSO PIN (POST /v1/sso-pins/verify), signing a pupil in with their PIN
 * (POST /v1/pupil-sessions) and polling a running regeneration job (GET /v1/jobs/{id}), in random order.
 * Every credential is right, so a 401 or 429 is the service refusing a correct one. Prints each route's count,
 * statuses and p50/p95/p99 (ms); the last line is JSON. Asserts nothing (a bench); `fiveXx` counts the 5xx.
 * `--admit` (default 8 per core; 0 for none) is how many invocations the local gateway runs at once: Lambda gives
 * each its own CPU, this machine shares its cores among all of them (`infra/local/admission.ts`).
 */
const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    // Invocations the local gateway runs at once (`infra/local/admission.ts`); 0: no limit.
    admit: { type: "string", default: String(8 * availableParallelism()) },
  },
});
const admitted = Number(values.admit);
if (admitted > 0) process.env.LOCAL_MAX_CONCURRENT_INVOCATIONS = String(admitted);
const clients = Number(values.clients);
const seconds = Number(values.seconds);

const runtime = await startBenchRuntime();
const { port } = new URL(runtime.apiUrl);
/** A call of one client (its agent and source address) to this runtime. */
const call = (
  agent: Agent,
  source: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) => callFrom(port, agent, source, method, path, headers, body);

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0;

try {
  const seedingStarted = performance.now();
  const { apiKey, pins, jobId } = await seedLoadSchool(runtime, clients);
  const key = { "x-api-key": apiKey };
  const job = { jobId };
  const seedingSeconds = (performance.now() - seedingStarted) / 1000;
  console.log(
    `seeded ${clients} staff, ${clients} SSO users, ${clients} pupils with PINs in ${seedingSeconds.toFixed(1)} s`,
  );

  type Route =
    | "POST /v1/sessions"
    | "POST /v1/sso-pins/verify"
    | "POST /v1/pupil-sessions"
    | "GET /v1/jobs/{id}";
  const stats = new Map<Route, { latencies: number[]; statuses: Record<number, number> }>();
  const record = (route: Route, ms: number, status: number) => {
    const s = stats.get(route) ?? { latencies: [], statuses: {} };
    s.latencies.push(ms);
    s.statuses[status] = (s.statuses[status] ?? 0) + 1;
    stats.set(route, s);
  };
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const source = `127.0.0.${2 + (i % 250)}`;
      const actions: [Route, () => Promise<Answer>][] = [
        [
          "POST /v1/sessions",
          () =>
            call(agent, source, "POST", "/v1/sessions", {}, { tenantId, username: `staff.${i}`, password }),
        ],
        [
          "POST /v1/sso-pins/verify",
          () =>
            call(agent, source, "POST", "/v1/sso-pins/verify", key, {
              username: `sso.${i}`,
              pin: ssoPin,
              action: "sign_in",
            }),
        ],
        [
          "POST /v1/pupil-sessions",
          () =>
            call(
              agent,
              source,
              "POST",
              "/v1/pupil-sessions",
              {},
              { tenantId, username: `pupil.${i}`, pin: pins.get(i) },
            ),
        ],
        ["GET /v1/jobs/{id}", () => call(agent, source, "GET", `/v1/jobs/${job.jobId}`, key)],
      ];
      while (performance.now() < deadline) {
        const [route, act] = actions[Math.floor(Math.random() * actions.length)] as [
          Route,
          () => Promise<Answer>,
        ];
        const started = performance.now();
        try {
          const answer = await act();
          record(route, performance.now() - started, answer.status);
        } catch {
          errors++;
        }
      }
      agent.destroy();
    }),
  );

  const routes: Record<string, unknown> = {};
  let fiveXx = 0;
  let total = 0;
  for (const [route, s] of stats) {
    const sorted = s.latencies.sort((a, b) => a - b);
    const summary = {
      count: sorted.length,
      p50: Math.round(percentile(sorted, 50)),
      p95: Math.round(percentile(sorted, 95)),
      p99: Math.round(percentile(sorted, 99)),
      statuses: s.statuses,
    };
    routes[route] = summary;
    total += sorted.length;
    fiveXx += Object.entries(s.statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((n, [, c]) => n + c, 0);
    console.log(`${route.padEnd(26)} ${JSON.stringify(summary)}`);
  }
  const finalJob = must(
    await call(new Agent(), "127.0.0.1", "GET", `/v1/jobs/${job.jobId}`, key),
    200,
    "job",
  );
  console.log(
    `${total} requests from ${clients} clients in ${seconds} s (${(total / seconds).toFixed(1)}/s); ${fiveXx} × 5xx; ${errors} connection errors; job ${finalJob.status}; gateway admits ${admitted > 0 ? admitted : "all"} at once`,
  );
  console.log(
    JSON.stringify({
      clients,
      seconds,
      admitted: admitted > 0 ? admitted : null,
      total,
      perSecond: Number((total / seconds).toFixed(1)),
      fiveXx,
      connectionErrors: errors,
      routes,
    }),
  );
} finally {
  await runtime.stop();
}
