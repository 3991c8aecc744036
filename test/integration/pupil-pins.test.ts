import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import type { Deps } from "../../lib/app/deps.js";
import { pupilPinChunk } from "../../lib/app/pupil-pins/pupil-pin-job.js";
import { signInPupil } from "../../lib/app/pupil-pins/pupil-sign-in.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import type { Job } from "../../lib/domain/job.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { importEarlyYearsRoster } from "./early-years-school.js";
import {
  clearOfWindowEdge,
  client,
  createTestTenant,
  eventually,
  finishedJob,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type Pupil = { externalId: string; username: string; forename: string; surname: string; dateOfBirth: string };
type ClassRow = { userId: string; username: string; pinStatus: string; lastChangedBy?: string };

const pupil = (n: number, dateOfBirth = `2021-${String((n % 12) + 1).padStart(2, "0")}-0${(n % 9) + 1}`) => ({
  externalId: `P${n}`,
  username: `pupil${n}`,
  forename: `Child${n}`,
  surname: `Surname${n}`,
  dateOfBirth,
  userType: "student",
});

/**
 * A school: Reception (year group) with classes Robins (pupils 1–4) and Wrens (5–8), Year 2 (not early years, pupil
 * 9); staff who sign in with passwords: the headteacher, a nominated contact, the two class teachers (linked by
 * the roster unless `teacherLinks` is false).
 */
async function school(options: { teacherLinks?: boolean; pupils?: Pupil[] } = {}) {
  const tenant = await createTestTenant(runtime);
  const pupils = options.pupils ?? Array.from({ length: 9 }, (_, i) => pupil(i + 1));
  const staff = [
    { externalId: "S1", username: "head", roles: ["headteacher", "staff"] },
    { externalId: "S2", username: "nc", roles: ["nominated-contact", "staff"] },
    { externalId: "S3", username: "t.robins", roles: ["class-teacher", "staff"] },
    { externalId: "S4", username: "t.wrens", roles: ["class-teacher", "staff"] },
  ];
  const { groups, users } = await importEarlyYearsRoster(runtime, api, tenant, pupils, staff, options);
  const tokens = {} as Record<"admin" | "head" | "nc" | "t.robins" | "t.wrens", string>;
  for (const username of ["admin", "head", "nc", "t.robins", "t.wrens"] as const) {
    const session = await api("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username, password: staffPassword },
    });
    expect(session.status).toBe(201);
    tokens[username] = session.body.token as string;
  }
  return {
    ...tenant,
    tokens,
    reception: groups.get("REC") as string,
    year2: groups.get("Y2") as string,
    robins: groups.get("ROBINS") as string,
    wrens: groups.get("WRENS") as string,
    pupilId: (n: number) => users.get(`P${n}`) as string,
    staffId: (externalId: string) => users.get(externalId) as string,
  };
}
type School = Awaited<ReturnType<typeof school>>;

const configure = (s: School, body: Record<string, unknown> = {}) =>
  api("PUT", "/v1/early-years", {
    token: s.tokens.admin,
    json: { yearGroupIds: [s.reception], defaultPin: { kind: "birthday" }, ...body },
  });

const finished = (s: School, jobId: string) => finishedJob(api, s.apiKey, jobId);

/** Configures Reception with `body`, the headteacher accepts, and the defaults job finishes. */
async function enable(s: School, body: Record<string, unknown> = {}) {
  expect((await configure(s, body)).status).toBe(200);
  const accepted = await api("POST", "/v1/early-years/declaration", {
    token: s.tokens.head,
    json: { version: earlyYearsDeclaration.version, accept: true },
  });
  expect(accepted.status).toBe(202);
  const job = accepted.body.job as { jobId: string };
  return { job: await finished(s, job.jobId), jobId: job.jobId };
}

const classList = async (s: School, groupId: string, token = s.tokens.nc) => {
  const list = await api<{ items: ClassRow[] }>("GET", `/v1/classes/${groupId}/pupil-pins`, { token });
  expect(list.status).toBe(200);
  return new Map(list.body.items.map((r) => [r.username, r]));
};

const signIn = (s: School, credentials: Record<string, string>) =>
  api("POST", "/v1/pupil-sessions", { json: { tenantId: s.tenantId, ...credentials } });

const changePin = (s: School, n: number, pin: string, token: string) =>
  api("PUT", `/v1/pupils/${s.pupilId(n)}/pin`, { token, json: { pin } });

describe("early-years pupil PINs", () => {
  it("stays off until the headteacher accepts the current declaration, recording who, when and which version", async () => {
    const s = await school();
    expect((await signIn(s, { username: "pupil1", pin: "0102" })).status).toBe(401);
    expect((await api("GET", `/v1/classes/${s.robins}/pupil-pins`, { token: s.tokens.nc })).status).toBe(409);
    expect((await changePin(s, 1, "482913", s.tokens.nc)).status).toBe(409);

    const accept = (token: string, version: string = earlyYearsDeclaration.version) =>
      api("POST", "/v1/early-years/declaration", { token, json: { version, accept: true } });
    const noGroups = await accept(s.tokens.head);
    expect(noGroups.status).toBe(422);
    expect(noGroups.body.detail).toContain("year groups");

    const notAYearGroup = await configure(s, { yearGroupIds: [s.robins] });
    expect(notAYearGroup.status).toBe(422);
    const birthdayTooShort = await configure(s, { minLength: 6 });
    expect(birthdayTooShort.status).toBe(422);
    expect(JSON.stringify(birthdayTooShort.body.errors)).toContain("birthday");
    expect((await configure(s)).status).toBe(200);

    // Only the headteacher: not a site admin, a nominated contact or an integration.
    expect((await accept(s.tokens.admin)).status).toBe(403);
    expect((await accept(s.tokens.nc)).status).toBe(403);
    const byKey = await api("POST", "/v1/early-years/declaration", {
      apiKey: s.apiKey,
      json: { version: earlyYearsDeclaration.version, accept: true },
    });
    expect(byKey.status).toBe(403);
    const notAccepted = await api("POST", "/v1/early-years/declaration", {
      token: s.tokens.head,
      json: { version: earlyYearsDeclaration.version, accept: false },
    });
    expect(notAccepted.status).toBe(400);
    expect((await accept(s.tokens.head, "2019-01")).status).toBe(409);
    const still = await api("GET", "/v1/early-years", { token: s.tokens.head });
    expect(still.body).toMatchObject({ enabled: false, currentDeclaration: earlyYearsDeclaration });
    expect(still.body.declaration).toBeUndefined();

    const before = Date.now();
    const accepted = await accept(s.tokens.head);
    expect(accepted.status).toBe(202);
    const settings = await api("GET", "/v1/early-years", { token: s.tokens.head });
    expect(settings.body).toMatchObject({
      enabled: true,
      hasClassTeacherLinks: true,
      declaration: { version: earlyYearsDeclaration.version, acceptedBy: `user:${s.staffId("S1")}` },
    });
    const acceptedAt = Date.parse((settings.body.declaration as { acceptedAt: string }).acceptedAt);
    expect(acceptedAt).toBeGreaterThanOrEqual(before - 1000);
    const audit = await api<{ items: { action: string; actor: string }[] }>("GET", "/v1/audit-events", {
      apiKey: s.apiKey,
    });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: "early-years.declaration-accepted",
        actor: `user:${s.staffId("S1")}`,
      }),
    );
    const job = await finished(s, (accepted.body.job as { jobId: string }).jobId);
    expect(job).toMatchObject({ status: "completed", total: 8, processed: 8, skipped: 0 });
  });

  it("gives birthday defaults, shows default vs changed with who and when, and the new PIN works at once", async () => {
    const s = await school();
    const { jobId } = await enable(s);
    // A chunk delivered again (or twice at once) counts the PINs this job already wrote, and changes none.
    const deps = runtime.deps();
    const job = (await deps.jobs.progress(s.tenantId, jobId)) as Job;
    const rows = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ userId: s.pupilId(n), groupId: s.reception }));
    const before = await deps.pupilPins.get(s.tenantId, s.pupilId(1));
    const twice = await Promise.all([pupilPinChunk(deps, job, rows), pupilPinChunk(deps, job, rows)]);
    expect(twice).toEqual([
      { processed: 8, failed: 0, skipped: 0, errors: [] },
      { processed: 8, failed: 0, skipped: 0, errors: [] },
    ]);
    expect((await deps.pupilPins.get(s.tenantId, s.pupilId(1)))?.hash).toBe(before?.hash);
    const robins = await classList(s, s.robins);
    expect([...robins.keys()].sort()).toEqual(["pupil1", "pupil2", "pupil3", "pupil4"]);
    expect([...robins.values()].every((r) => r.pinStatus === "default")).toBe(true);
    // Not early years: Year 2's pupil has no PIN and cannot sign in with one.
    expect((await signIn(s, { username: "pupil9", pin: "0901" })).status).toBe(401);

    // pupil1 was born 2021-02-02: the default PIN is DDMM.
    const byUsername = await signIn(s, { username: "pupil1", pin: "0202" });
    expect(byUsername.status).toBe(201);
    expect((byUsername.body.user as { roles: string[] }).roles).toEqual(["pupil"]);
    const me = await api("GET", "/v1/me", { token: byUsername.body.token as string });
    expect(me.status).toBe(200);
    const byName = await signIn(s, { groupId: s.robins, name: "child1 SURNAME1", pin: "0202" });
    expect(byName.status).toBe(201);
    expect((await signIn(s, { groupId: s.wrens, name: "Child1 Surname1", pin: "0202" })).status).toBe(401);

    const changed = await changePin(s, 1, "48291375", s.tokens["t.robins"]);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: "changed", lastChangedBy: `user:${s.staffId("S3")}` });
    expect((await signIn(s, { username: "pupil1", pin: "0202" })).status).toBe(401);
    expect((await signIn(s, { username: "pupil1", pin: "48291375" })).status).toBe(201);
    const after = await classList(s, s.robins, s.tokens["t.robins"]);
    expect(after.get("pupil1")).toMatchObject({
      pinStatus: "changed",
      lastChangedBy: `user:${s.staffId("S3")}`,
    });
    expect(after.get("pupil2")?.pinStatus).toBe("default");
    expect(JSON.stringify(after.get("pupil1"))).not.toContain("48291375");

    const events = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      "GET",
      `/v1/users/${s.pupilId(1)}/events`,
      { apiKey: s.apiKey },
    );
    expect(events.body.items.map((e) => e.action)).toEqual(["pupil-pin.changed", "pupil-pin.created"]);
    expect(JSON.stringify(events.body)).not.toContain("48291375");

    for (const pin of ["123", "12345678901", "12a4", "١٢٣٤"]) {
      const refused = await changePin(s, 2, pin, s.tokens.nc);
      expect(refused.status, pin).toBe(422);
    }
  });

  it("lets only the pupil's class teacher or a nominated contact change a PIN", async () => {
    const s = await school();
    await enable(s);
    const other = await school();
    await enable(other);
    const pupilSession = (await signIn(s, { username: "pupil5", pin: "0606" })).body.token as string;
    expect(pupilSession).toBeTruthy();

    const matrix: [string, string | undefined, number][] = [
      ["class teacher of the pupil's class", s.tokens["t.wrens"], 200],
      ["class teacher of another class", s.tokens["t.robins"], 403],
      ["nominated contact", s.tokens.nc, 200],
      ["site admin", s.tokens.admin, 403],
      ["headteacher", s.tokens.head, 403],
      ["the pupil", pupilSession, 403],
      ["nominated contact of another school", other.tokens.nc, 404],
    ];
    for (const [who, token, status] of matrix) {
      expect((await changePin(s, 5, "5839201", token as string)).status, who).toBe(status);
    }
    const byKey = await api("PUT", `/v1/pupils/${s.pupilId(5)}/pin`, {
      apiKey: s.apiKey,
      json: { pin: "5839201" },
    });
    expect(byKey.status).toBe(403);
    // Class lists follow the same rule.
    expect(
      (await api("GET", `/v1/classes/${s.wrens}/pupil-pins`, { token: s.tokens["t.robins"] })).status,
    ).toBe(403);
    expect(
      (await api("GET", `/v1/classes/${s.wrens}/pupil-pins`, { token: s.tokens["t.wrens"] })).status,
    ).toBe(200);

    // A school that sends no class-teacher links: only nominated contacts.
    const unlinked = await school({ teacherLinks: false });
    await enable(unlinked);
    expect((await changePin(unlinked, 1, "5839201", unlinked.tokens["t.robins"])).status).toBe(403);
    expect((await changePin(unlinked, 1, "5839201", unlinked.tokens.nc)).status).toBe(200);
  });

  it("generates a random PIN for a pupil (shown once) and for a class with one-time printable slips", async () => {
    const s = await school();
    await enable(s);
    const single = await api("POST", `/v1/pupils/${s.pupilId(2)}/pin/random`, {
      token: s.tokens["t.robins"],
      json: {},
    });
    expect(single.status).toBe(200);
    expect(single.body.pin).toMatch(/^\d{6}$/);
    expect(single.headers.get("cache-control")).toBe("no-store");
    expect((await signIn(s, { username: "pupil2", pin: single.body.pin as string })).status).toBe(201);

    const started = await api("POST", `/v1/classes/${s.robins}/pupil-pins/random`, {
      token: s.tokens["t.robins"],
      json: { length: 8 },
    });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    expect(await finished(s, jobId)).toMatchObject({ status: "completed", total: 4, processed: 4 });
    // Another class's teacher cannot print them.
    expect((await api("GET", `/v1/jobs/${jobId}/report`, { token: s.tokens["t.wrens"] })).status).toBe(403);
    const slips = await api("GET", `/v1/jobs/${jobId}/report?format=html`, { token: s.tokens["t.robins"] });
    expect(slips.status).toBe(200);
    expect(slips.headers.get("content-type")).toContain("text/html");
    const pins = [...slips.text.matchAll(/<code>(pupil\d)<\/code>[\s\S]*?<code>(\d+)<\/code>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(pins.map(([u]) => u).sort()).toEqual(["pupil1", "pupil2", "pupil3", "pupil4"]);
    expect(pins.every(([, pin]) => /^\d{8}$/.test(pin as string))).toBe(true);
    const [username, pin] = pins[0] as [string, string];
    expect((await signIn(s, { username, pin })).status).toBe(201);
    expect((await signIn(s, { username: "pupil2", pin: single.body.pin as string })).status).toBe(401);
    const again = await api("GET", `/v1/jobs/${jobId}/report`, { token: s.tokens["t.robins"] });
    expect(again.status).toBe(410);
    const list = await classList(s, s.robins);
    expect([...list.values()].every((r) => r.pinStatus === "changed")).toBe(true);
  });

  it("locks a pupil after 5 wrong PINs with the same 401, and lets the right PIN in after the lock", async () => {
    const s = await school();
    await enable(s);
    const unknown = await signIn(s, { username: "nobody", pin: "1234" });
    const wrong = await signIn(s, { username: "pupil3", pin: "9999" });
    expect(unknown.status).toBe(401);
    const generic = ({ instance: _, ...rest }: Record<string, unknown>) => rest;
    expect(generic(wrong.body)).toEqual(generic(unknown.body));
    for (let i = 0; i < 4; i++) await signIn(s, { username: "pupil3", pin: "9999" });
    // pupil3 was born 2021-04-04: the right PIN is refused while locked, in the same words.
    const locked = await signIn(s, { username: "pupil3", pin: "0404" });
    expect(locked.status).toBe(401);
    expect(generic(locked.body)).toEqual(generic(unknown.body));
    // Another pupil is not affected.
    expect((await signIn(s, { username: "pupil4", pin: "0505" })).status).toBe(201);

    // The schedule, on another pupil with a fake clock: 5 failures lock for 1 minute; attempts meanwhile neither
    // count nor pass; the right PIN works once the lock has passed. pupil6 was born 2021-07-07.
    const t0 = Date.now();
    const at = (ms: number): Deps => ({
      ...runtime.deps(),
      clock: { now: () => new Date(t0 + ms), sleep: async () => undefined },
    });
    const attempt = (ms: number, pin: string) =>
      signInPupil(at(ms), { tenantId: s.tenantId, username: "pupil6", pin, sourceIp: "198.51.100.6" });
    for (let i = 0; i < 5; i++) await expect(attempt(i, "1111")).rejects.toBeInstanceOf(AuthenticationError);
    for (let i = 0; i < 5; i++) {
      await expect(attempt(30_000 + i, "1111")).rejects.toBeInstanceOf(AuthenticationError);
    }
    const lockEnds = 4 + 60_000; // the fifth failure (at 4 ms) locks for a minute
    await expect(attempt(lockEnds - 1000, "0707")).rejects.toBeInstanceOf(AuthenticationError);
    await expect(attempt(lockEnds + 1000, "0707")).resolves.toMatchObject({ user: { username: "pupil6" } });
  });

  it("creates default PINs for 600 pupils as a bulk job, and for pupils a later roster import adds", async () => {
    const pupils = Array.from({ length: 601 }, (_, i) => pupil(i + 1));
    // The fixture puts the 9th pupil in Year 2; every other one in Reception and a class.
    const s = await school({ pupils });
    const { job, jobId } = await enable(s, { defaultPin: { kind: "random", length: 6 }, minLength: 6 });
    expect(job).toMatchObject({ status: "completed", total: 600, processed: 600, failed: 0, skipped: 0 });
    const statuses = await runtime.deps().pupilPins.statusesOf(
      s.tenantId,
      pupils.map((p) => s.pupilId(Number(p.externalId.slice(1)))),
    );
    expect(statuses.size).toBe(600);
    expect([...statuses.values()].every((r) => r.status === "default" && r.source === "random")).toBe(true);
    expect(statuses.has(s.pupilId(9))).toBe(false);

    const slips = await api<{ rows: { username: string; pin?: string }[] }>(
      "GET",
      `/v1/jobs/${jobId}/report`,
      {
        token: s.tokens.head,
      },
    );
    expect(slips.status).toBe(200);
    expect(slips.body.rows).toHaveLength(600);
    expect(slips.body.rows.every((r) => /^\d{6}$/.test(r.pin ?? ""))).toBe(true);
    const sample = slips.body.rows[123] as { username: string; pin: string };
    expect((await signIn(s, { username: sample.username, pin: sample.pin })).status).toBe(201);
    // A PIN shorter than the school's minimum is refused.
    expect((await changePin(s, 1, "4829", s.tokens.nc)).status).toBe(422);

    // A newcomer joins Reception: the import starts a defaults job for them only.
    const imported = await api("POST", "/v1/roster", {
      apiKey: s.apiKey,
      json: {
        users: [pupil(700)],
        memberships: [
          { groupExternalId: "REC", userExternalId: "P700" },
          { groupExternalId: "ROBINS", userExternalId: "P700" },
        ],
      },
    });
    expect(imported.status).toBe(200);
    const newcomer = (await runtime.deps().users.idsByExternalId(s.tenantId, ["P700"])).get("P700") as string;
    const created = await eventually(async () => runtime.deps().pupilPins.get(s.tenantId, newcomer));
    expect(created).toMatchObject({
      status: "default",
      source: "random",
      changedBy: expect.stringMatching(/^api-key:/),
    });
    expect((await runtime.deps().pupilPins.get(s.tenantId, s.pupilId(1)))?.generation).toBe(jobId);
  });
});

describe("pupil PINs that can be guessed", () => {
  it("refuses the pupil's own DDMM and DDMMYY, repeats, runs and common PINs as a new PIN, with the reason", async () => {
    const s = await school();
    await enable(s);
    // pupil1 was born on 2021-02-02.
    const refused: [string, string][] = [
      ["0202", "date of birth"],
      ["020221", "date of birth"],
      ["7777", "repeat one digit"],
      ["1234", "run of consecutive digits"],
      ["654321", "run of consecutive digits"],
      ["2580", "most common PINs"],
    ];
    for (const [pin, reason] of refused) {
      const response = await changePin(s, 1, pin, s.tokens.nc);
      expect(response.status, pin).toBe(422);
      expect(response.body.errors).toEqual([{ pointer: "/pin", detail: expect.stringContaining(reason) }]);
    }
    // Nothing changed: the birthday default still works; an unremarkable PIN is accepted.
    expect((await signIn(s, { username: "pupil1", pin: "0202" })).status).toBe(201);
    expect((await changePin(s, 1, "480713", s.tokens.nc)).status).toBe(200);
    expect((await signIn(s, { username: "pupil1", pin: "480713" })).status).toBe(201);
  });

  it("answers 429 after 20 failed pupil sign-ins from one address in 15 minutes, across pupils and even with the right PIN", async () => {
    await clearOfWindowEdge();
    const s = await school();
    await enable(s);
    // Four wrong PINs for each of five pupils: no pupil reaches their own lock.
    for (let i = 0; i < 20; i++) {
      const wrong = await signIn(s, { username: `pupil${(i % 5) + 1}`, pin: "480713" });
      expect(wrong.status).toBe(401);
    }
    const limited = await signIn(s, { username: "pupil6", pin: "0707" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
    // Another school is not affected.
    const other = await school();
    await enable(other);
    expect((await signIn(other, { username: "pupil6", pin: "0707" })).status).toBe(201);
  });
});

describe("dates of birth in the directory", () => {
  it("shows class teachers and nominated contacts the day of birth only, site admins and API keys the full date", async () => {
    const s = await school();
    const pupil1 = s.pupilId(1); // born 2021-02-02
    for (const token of [s.tokens["t.robins"], s.tokens.nc, s.tokens.head]) {
      const one = await api("GET", `/v1/users/${pupil1}`, { token });
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty("dateOfBirth");
      expect(one.body.dayOfBirth).toBe("2");
      const members = await api("GET", `/v1/groups/${s.robins}/members`, { token });
      expect(members.status).toBe(200);
      expect(members.text).not.toContain("2021-02-02");
      const listed = await api("GET", "/v1/users?search=pupil1", { token });
      expect(listed.text).not.toContain("2021-02-02");
    }
    for (const credential of [{ token: s.tokens.admin }, { apiKey: s.apiKey }]) {
      const one = await api("GET", `/v1/users/${pupil1}`, credential);
      expect(one.body.dateOfBirth).toBe("2021-02-02");
    }
  });
});
