import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { addUser, client, createTestTenant, eventually, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const pupil = (n: number, group: string) => ({
  user: {
    externalId: `P${n}`,
    username: `pupil${n}`,
    forename: `Child${n}`,
    surname: "Pupil",
    dateOfBirth: `2021-0${n}-0${n}`,
    userType: "student",
  },
  membership: { groupExternalId: group, userExternalId: `P${n}` },
});

/** Reception (pupil1, born 1 Jan) and Year 1 (pupil2, born 2 Feb); a site admin and the headteacher signed in. */
async function school() {
  const tenant = await createTestTenant(runtime);
  await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
  const pupils = [pupil(1, "REC"), pupil(2, "Y1")];
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        { externalId: "REC", name: "Reception", type: "year-group" },
        { externalId: "Y1", name: "Year 1", type: "year-group" },
      ],
      users: pupils.map((p) => p.user),
      memberships: pupils.map((p) => p.membership),
    },
  });
  expect(imported.status).toBe(200);
  const groups = await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["REC", "Y1"]);
  const token = async (username: string) => {
    const session = await api("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username, password: staffPassword },
    });
    expect(session.status).toBe(201);
    return session.body.token as string;
  };
  return {
    ...tenant,
    reception: groups.get("REC") as string,
    year1: groups.get("Y1") as string,
    admin: await token("admin"),
    head: await token("head"),
  };
}
type School = Awaited<ReturnType<typeof school>>;

const configure = (
  s: School,
  yearGroupIds: string[],
  defaultPin: Record<string, unknown> = { kind: "birthday" },
) => api("PUT", "/v1/early-years", { token: s.admin, json: { yearGroupIds, defaultPin } });
const accept = (s: School, version: string) =>
  api("POST", "/v1/early-years/declaration", { token: s.head, json: { version, accept: true } });
const signIn = (s: School, username: string, pin: string) =>
  api("POST", "/v1/pupil-sessions", { json: { tenantId: s.tenantId, username, pin } });
async function finished(s: School, jobId: string) {
  return eventually(async () => {
    const job = await api("GET", `/v1/jobs/${jobId}`, { apiKey: s.apiKey });
    return job.body.status === "completed" ? job.body : undefined;
  });
}

describe("early-years settings changed after the headteacher's declaration", () => {
  it("pause PIN login with a new declaration version until the headteacher accepts it", async () => {
    const s = await school();
    expect((await configure(s, [s.reception])).status).toBe(200);
    const first = await accept(s, earlyYearsDeclaration.version);
    expect(first.status).toBe(202);
    await finished(s, (first.body.job as { jobId: string }).jobId);
    expect((await signIn(s, "pupil1", "0101")).status).toBe(201);

    // Adding Year 1 after the declaration: a new version, PIN login paused, no PINs given yet.
    const changed = await configure(s, [s.reception, s.year1]);
    expect(changed.status).toBe(200);
    const version = `${earlyYearsDeclaration.version}.1`;
    expect(changed.body.earlyYears).toMatchObject({
      enabled: false,
      yearGroupIds: [s.reception, s.year1],
      declarationVersion: version,
      declaration: { version: earlyYearsDeclaration.version },
    });
    expect(changed.body.job).toBeUndefined();
    const shown = await api("GET", "/v1/early-years", { token: s.head });
    expect(shown.body).toMatchObject({ enabled: false, currentDeclaration: { version } });
    expect((await signIn(s, "pupil1", "0101")).status).toBe(401);

    // The old version no longer enables anything; only the headteacher's acceptance of the new one does.
    expect((await accept(s, earlyYearsDeclaration.version)).status).toBe(409);
    const byAdmin = await api("POST", "/v1/early-years/declaration", {
      token: s.admin,
      json: { version, accept: true },
    });
    expect(byAdmin.status).toBe(403);
    expect((await signIn(s, "pupil1", "0101")).status).toBe(401);
    const second = await accept(s, version);
    expect(second.status).toBe(202);
    expect(second.body.earlyYears).toMatchObject({ enabled: true, declaration: { version } });
    await finished(s, (second.body.job as { jobId: string }).jobId);
    expect((await signIn(s, "pupil1", "0101")).status).toBe(201);
    expect((await signIn(s, "pupil2", "0202")).status).toBe(201);

    // A new default rule pauses it again (version .2); the same settings sent again do not.
    expect((await configure(s, [s.reception, s.year1])).body.earlyYears).toMatchObject({
      enabled: true,
      declarationVersion: version,
    });
    const random = await configure(s, [s.reception, s.year1], { kind: "random", length: 6 });
    expect(random.body.earlyYears).toMatchObject({
      enabled: false,
      declarationVersion: `${earlyYearsDeclaration.version}.2`,
    });
    expect((await signIn(s, "pupil2", "0202")).status).toBe(401);
  });

  it("stores settings only over the ones read: a stale write (a change racing an acceptance) writes nothing", async () => {
    const s = await school();
    expect((await configure(s, [s.reception])).status).toBe(200);
    const tenants = runtime.deps().tenants;
    const read = (await tenants.get(s.tenantId))?.earlyYears;
    expect(read).toBeDefined();
    if (!read) return;
    const accepted = await accept(s, earlyYearsDeclaration.version);
    expect(accepted.status).toBe(202);
    // A writer that read before the acceptance loses: its write would have dropped the declaration.
    const stale = { ...read, yearGroupIds: [s.reception, s.year1] };
    expect(await tenants.replaceEarlyYears(s.tenantId, read, stale, new Date())).toBe(false);
    const now = (await tenants.get(s.tenantId))?.earlyYears;
    expect(now).toMatchObject({ enabled: true, yearGroupIds: [s.reception] });
    expect(await tenants.replaceEarlyYears(s.tenantId, now, { ...read, enabled: false }, new Date())).toBe(
      true,
    );
    expect(await tenants.replaceEarlyYears(s.tenantId, undefined, read, new Date())).toBe(false);
  });

  it("gives a new version for a change before the first acceptance: the headteacher accepts only what they saw", async () => {
    const s = await school();
    expect((await configure(s, [s.reception])).status).toBe(200);
    const seen = (await api("GET", "/v1/early-years", { token: s.head })).body.currentDeclaration as {
      version: string;
    };
    expect(seen.version).toBe(earlyYearsDeclaration.version);
    expect((await configure(s, [s.reception, s.year1])).status).toBe(200);
    expect((await accept(s, seen.version)).status).toBe(409);
    expect((await signIn(s, "pupil2", "0202")).status).toBe(401);
    const shown = await api("GET", "/v1/early-years", { token: s.head });
    const version = (shown.body.currentDeclaration as { version: string }).version;
    expect(version).toBe(`${earlyYearsDeclaration.version}.1`);
    const accepted = await accept(s, version);
    expect(accepted.status).toBe(202);
    expect(accepted.body.earlyYears).toMatchObject({ enabled: true, yearGroupIds: [s.reception, s.year1] });
  });
});
