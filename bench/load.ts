import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { createApiKey, createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import { earlyYearsDeclaration } from "../lib/domain/pupil-pin.js";
import { startBenchRuntime } from "./local.js";

/**
 * Load on the local runtime (issue 14): `--clients` (default 200) concurrent clients for `--seconds` (default 60),
 * each one a device of its own — its own loopback source address (127.0.0.2, .3, …: the per-source limits count
 * failures per address, and a school's devices are many) and its own people — signing in with a password
 * (POST /v1/sessions), verifying an SSO PIN (POST /v1/sso-pins/verify), signing a pupil in with their PIN
 * (POST /v1/pupil-sessions) and polling a running regeneration job (GET /v1/jobs/{id}), in random order.
 * Every credential is right, so a 401 or 429 is the service refusing a correct one. Prints each route's count,
 * statuses and p50/p95/p99 (ms); the last line is JSON. Asserts nothing (a bench); `fiveXx` counts the 5xx.
 */
const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const tenantId = "load-school";
const password = "correct-horse-battery-staple-42";

const runtime = await startBenchRuntime();
const { port } = new URL(runtime.apiUrl);

type Answer = { status: number; body: Record<string, unknown> };

/** One HTTP call from `source` (a loopback address) on the client's own keep-alive connection. */
function call(
  agent: Agent,
  source: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  return new Promise<Answer>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        localAddress: source,
        headers: { ...headers, ...(payload && { "content-type": "application/json" }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Runs `work` over `count` items with `width` in flight (seeding). */
async function inFlight(count: number, width: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

const must = (answer: Answer, status: number, what: string) => {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0;

try {
  const seedingStarted = performance.now();
  const deps = runtime.deps();
  await createTenant(deps, { tenantId, name: "Load School", preferences: { twoFactorRoles: [] } });
  const { apiKey } = await createApiKey(deps, { tenantId, name: "load" });
  const seedAgent = new Agent({ keepAlive: true });
  const seed = (method: string, path: string, auth: Record<string, string>, body?: unknown) =>
    call(seedAgent, "127.0.0.1", method, path, auth, body);
  const key = { "x-api-key": apiKey };

  for (const [username, roles] of [
    ["admin", ["site-admin", "staff"]],
    ["head", ["headteacher", "staff"]],
    ["nc", ["nominated-contact", "staff"]],
  ] as const) {
    await createUserWithPassword(deps, {
      tenantId,
      username,
      forename: username,
      surname: "Load",
      userType: "staff",
      roles: [...roles],
      password,
    });
  }
  await inFlight(clients, 8, async (i) => {
    await createUserWithPassword(deps, {
      tenantId,
      username: `staff.${i}`,
      forename: "Sam",
      surname: `Staff${i}`,
      userType: "staff",
      roles: ["staff"],
      password,
    });
  });
  const token = async (username: string) =>
    must(await seed("POST", "/v1/sessions", {}, { tenantId, username, password }), 201, "sign-in")
      .token as string;
  const [admin, head, nc] = [await token("admin"), await token("head"), await token("nc")];

  // Reception (pupils with PINs), Year 6 (the job's unclaimed pupils), SSO staff.
  const pupils = Array.from({ length: clients }, (_, i) => ({
    externalId: `P${i}`,
    username: `pupil.${i}`,
    forename: `Pip${i}`,
    surname: "Reception",
    dateOfBirth: `2021-0${(i % 9) + 1}-1${i % 10}`,
    userType: "student",
  }));
  const leavers = Array.from({ length: 300 }, (_, i) => ({
    externalId: `Y6-${i}`,
    username: `y6.${i}`,
    forename: `Yan${i}`,
    surname: "Six",
    dateOfBirth: "2015-03-03",
    userType: "student",
  }));
  const sso = Array.from({ length: clients }, (_, i) => ({
    externalId: `S${i}`,
    username: `sso.${i}`,
    forename: "Jo",
    surname: `Sso${i}`,
    email: `jo${i}@school.example`,
    emailVerified: true,
    userType: "staff",
    profiles: ["sso"],
  }));
  const roster = await seed("POST", "/v1/roster", key, {
    groups: [
      { externalId: "REC", name: "Reception", type: "year-group" },
      { externalId: "Y6", name: "Year 6", type: "year-group" },
    ],
    users: [...pupils, ...leavers, ...sso],
    memberships: [
      ...pupils.map((p) => ({ groupExternalId: "REC", userExternalId: p.externalId })),
      ...leavers.map((p) => ({ groupExternalId: "Y6", userExternalId: p.externalId })),
    ],
  });
  if (roster.status >= 300) throw new Error(`roster: ${roster.status} ${JSON.stringify(roster.body)}`);
  const waitJob = async (jobId: string) => {
    for (;;) {
      const job = must(await seed("GET", `/v1/jobs/${jobId}`, key), 200, "job");
      if (!["queued", "running"].includes(job.status as string)) return job;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  // A large roster is imported as a job (202), a small one at once (200).
  if (roster.status === 202) await waitJob(roster.body.jobId as string);
  const groups = await deps.groups.idsByExternalId(tenantId, ["REC", "Y6"]);
  const pupilIds = await deps.users.idsByExternalId(
    tenantId,
    pupils.map((p) => p.externalId),
  );

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  must(
    await seed("PUT", "/v1/early-years", bearer(admin), {
      yearGroupIds: [groups.get("REC")],
      defaultPin: { kind: "birthday" },
    }),
    200,
    "early years",
  );
  const accepted = must(
    await seed("POST", "/v1/early-years/declaration", bearer(head), {
      version: earlyYearsDeclaration.version,
      accept: true,
    }),
    202,
    "declaration",
  );
  await waitJob((accepted.job as { jobId: string }).jobId);
  const pins = new Map<number, string>();
  await inFlight(clients, 8, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const pin = String(100000 + ((i * 7919 + attempt * 104729 + 482913) % 900000));
      const set = await seed("PUT", `/v1/pupils/${pupilIds.get(`P${i}`)}/pin`, bearer(nc), { pin });
      if (set.status === 200) return void pins.set(i, pin);
      if (attempt > 5) throw new Error(`pupil PIN: ${set.status} ${JSON.stringify(set.body)}`);
    }
  });
  const ssoPin = "583920";
  await inFlight(clients, 8, async (i) => {
    must(
      await seed("POST", "/v1/sso-pins/setup", key, {
        username: `sso.${i}`,
        pin: ssoPin,
        confirmPin: ssoPin,
      }),
      200,
      "SSO PIN",
    );
  });
  // The running job the clients poll: temporary passwords for 300 unclaimed Year 6 pupils.
  const job = must(
    await seed("POST", "/v1/password-regenerations", bearer(admin), {
      groupIds: [groups.get("Y6")],
      password,
    }),
    202,
    "regeneration",
  );
  seedAgent.destroy();
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
    `${total} requests from ${clients} clients in ${seconds} s (${(total / seconds).toFixed(1)}/s); ${fiveXx} × 5xx; ${errors} connection errors; job ${finalJob.status}`,
  );
  console.log(
    JSON.stringify({
      clients,
      seconds,
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
