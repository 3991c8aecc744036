import { Agent, request } from "node:http";
import type { LocalRuntime } from "../infra/local/runtime.js";
import { createApiKey, createTenant, createUserWithPassword } from "../lib/app/operator/operator.js";
import { earlyYearsDeclaration } from "../lib/domain/pupil-pin.js";

export const tenantId = "load-school";
export const password = "correct-horse-battery-staple-42";
export const ssoPin = "583920";

export type Answer = { status: number; body: Record<string, unknown> };

/** One HTTP call from `source` (a loopback address) on the client's own keep-alive connection. */
export function call(
  port: string,
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

export const must = (answer: Answer, status: number, what: string) => {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/**
 * The load bench's school: per client a member of staff who signs in with a password (`staff.<i>`), an SSO user
 * with a PIN (`sso.<i>`) and a Reception pupil with a PIN of their own (`pupil.<i>`); and 300 unclaimed Year 6
 * pupils whose temporary passwords are being regenerated (the job the clients poll), started last.
 */
export async function seedLoadSchool(runtime: LocalRuntime, clients: number) {
  const { port } = new URL(runtime.apiUrl);
  const deps = runtime.deps();
  await createTenant(deps, { tenantId, name: "Load School", preferences: { twoFactorRoles: [] } });
  const { apiKey } = await createApiKey(deps, { tenantId, name: "load" });
  const seedAgent = new Agent({ keepAlive: true });
  const seed = (method: string, path: string, auth: Record<string, string>, body?: unknown) =>
    call(port, seedAgent, "127.0.0.1", method, path, auth, body);
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
  return { apiKey, pins, jobId: job.jobId as string };
}
