import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { birthdayPin, earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { addUser, client, createTestTenant, eventually, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type Answer = {
  removed?: number;
  updated: number;
  failed: number;
  errors: { line: number; reason: string }[];
};

const pupil = (n: number, extra: Record<string, unknown> = {}) => ({
  externalId: `P${n}`,
  username: `pupil${n}`,
  forename: `Child${n}`,
  surname: `Surname${n}`,
  dateOfBirth: `2021-0${n}-1${n}`,
  userType: "student",
  ...extra,
});
const teacher = (extra: Record<string, unknown> = {}) => ({
  externalId: "T1",
  username: "t.robins",
  forename: "Tess",
  surname: "Robins",
  userType: "staff",
  roles: ["class-teacher", "staff"],
  ...extra,
});
const member = (group: string, user: string) => ({ groupExternalId: group, userExternalId: user });

/** Reception (year group) with class Robins (pupils 1–3, taught by T1); early-years birthday PINs on. */
async function school() {
  const tenant = await createTestTenant(runtime);
  await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
  await addUser(runtime, tenant.tenantId, "nc", ["nominated-contact", "staff"]);
  const roster = (json: unknown, mode = "merge") =>
    api<Answer>("POST", `/v1/roster?mode=${mode}`, { apiKey: tenant.apiKey, json });
  const imported = await roster({
    groups: [
      { externalId: "REC", name: "Reception", type: "year-group" },
      { externalId: "ROBINS", name: "Robins", type: "class" },
    ],
    users: [pupil(1), pupil(2), pupil(3), teacher()],
    memberships: [1, 2, 3].flatMap((n) => [member("REC", `P${n}`), member("ROBINS", `P${n}`)]),
    classTeachers: [member("ROBINS", "T1")],
  });
  expect(imported.body.failed).toBe(0);
  const deps = runtime.deps();
  const ids = await deps.users.idsByExternalId(tenant.tenantId, ["P1", "P2", "P3", "T1"]);
  const groups = await deps.groups.idsByExternalId(tenant.tenantId, ["REC", "ROBINS"]);
  const t1 = ids.get("T1") as string;
  await deps.credentials.setPassword(tenant.tenantId, t1, await deps.hasher.hash(staffPassword), new Date());
  await deps.users.markClaimed(tenant.tenantId, t1, new Date());
  const token = async (username: string) =>
    (
      await api("POST", "/v1/sessions", {
        json: { tenantId: tenant.tenantId, username, password: staffPassword },
      })
    ).body.token as string;
  const tokens = {
    admin: await token("admin"),
    head: await token("head"),
    nc: await token("nc"),
    teacher: await token("t.robins"),
  };
  const configured = await api("PUT", "/v1/early-years", {
    token: tokens.admin,
    json: { yearGroupIds: [groups.get("REC")], defaultPin: { kind: "birthday" } },
  });
  expect(configured.status).toBe(200);
  const accepted = await api("POST", "/v1/early-years/declaration", {
    token: tokens.head,
    json: { version: earlyYearsDeclaration.version, accept: true },
  });
  const jobId = (accepted.body.job as { jobId: string }).jobId;
  await eventually(async () => {
    const job = await api("GET", `/v1/jobs/${jobId}`, { apiKey: tenant.apiKey });
    return job.body.status === "completed" ? job.body : undefined;
  });
  return {
    ...tenant,
    roster,
    tokens,
    robins: groups.get("ROBINS") as string,
    id: (externalId: string) => ids.get(externalId) as string,
  };
}
type School = Awaited<ReturnType<typeof school>>;

const pupilSignIn = (s: School, n: number) =>
  api("POST", "/v1/pupil-sessions", {
    json: { tenantId: s.tenantId, username: `pupil${n}`, pin: birthdayPin(pupil(n).dateOfBirth) },
  });
const names = (items: { username: string }[]) => items.map((u) => u.username).sort();

describe("leavers and roster snapshots", () => {
  it("lets the roster mark users left or disabled: they cannot sign in, their sessions end and they vanish from lists", async () => {
    const s = await school();
    expect((await pupilSignIn(s, 1)).status).toBe(201);
    const before = new Date().toISOString();

    const answer = await s.roster({ users: [pupil(1, { status: "left" }), teacher({ status: "disabled" })] });
    expect(answer.body).toMatchObject({ updated: 2, failed: 0 });
    const deps = runtime.deps();
    const [left, disabled] = await deps.users.getMany(s.tenantId, [s.id("P1"), s.id("T1")]);
    expect(left).toMatchObject({ status: "left", sessionsValidAfter: expect.any(String) });
    expect(disabled).toMatchObject({ status: "disabled" });
    expect(disabled?.sessionsValidAfter && disabled.sessionsValidAfter >= before).toBe(true);

    // Their PIN and password stop working, with the same answer as a wrong one.
    expect((await pupilSignIn(s, 1)).status).toBe(401);
    expect((await pupilSignIn(s, 2)).status).toBe(201);
    const teacherSignIn = await api("POST", "/v1/sessions", {
      json: { tenantId: s.tenantId, username: "t.robins", password: staffPassword },
    });
    expect(teacherSignIn.status).toBe(401);
    // The session the teacher already had ends with the disable: refused on the very next request.
    expect((await api("GET", `/v1/classes/${s.robins}/pupil-pins`, { token: s.tokens.teacher })).status).toBe(
      401,
    );
    expect((await api("GET", `/v1/classes/${s.robins}/pupil-pins`, { token: s.tokens.nc })).status).toBe(200);

    // A leaver vanishes from the users, group members, unclaimed users and class PIN lists.
    const users = await api<{ items: { username: string }[] }>("GET", "/v1/users?limit=100", {
      apiKey: s.apiKey,
    });
    expect(names(users.body.items)).not.toContain("pupil1");
    expect(names(users.body.items)).toContain("pupil2");
    const members = await api<{ items: { username: string }[] }>("GET", `/v1/groups/${s.robins}/members`, {
      apiKey: s.apiKey,
    });
    expect(names(members.body.items)).toEqual(["pupil2", "pupil3"]);
    const unclaimed = await api<{ items: { username: string }[] }>(
      "GET",
      `/v1/unclaimed-users?groupId=${s.robins}`,
      { apiKey: s.apiKey },
    );
    expect(names(unclaimed.body.items)).toEqual(["pupil2", "pupil3"]);
    const unclaimedAll = await api<{ items: { username: string }[] }>(
      "GET",
      "/v1/unclaimed-users?limit=100",
      {
        apiKey: s.apiKey,
      },
    );
    expect(names(unclaimedAll.body.items)).not.toContain("pupil1");
    const pins = await api<{ items: { username: string }[] }>("GET", `/v1/classes/${s.robins}/pupil-pins`, {
      token: s.tokens.nc,
    });
    expect(pins.status).toBe(200);
    expect(names(pins.body.items)).toEqual(["pupil2", "pupil3"]);

    // Coming back: active again, the PIN works again.
    await s.roster({ users: [pupil(1, { status: "active" })] });
    expect((await pupilSignIn(s, 1)).status).toBe(201);
  });

  it("removes memberships and class-teacher links a snapshot does not name, and only in snapshot mode", async () => {
    const s = await school();
    const members = async () =>
      names(
        (
          await api<{ items: { username: string }[] }>("GET", `/v1/groups/${s.robins}/members`, {
            apiKey: s.apiKey,
          })
        ).body.items,
      );
    // Merge mode (the default) never removes anything.
    await s.roster({ memberships: [member("ROBINS", "P1")] });
    expect(await members()).toEqual(["pupil1", "pupil2", "pupil3"]);

    // A snapshot section with an invalid row removes nothing, and says so.
    const broken = await s.roster(
      { memberships: [member("ROBINS", "P1"), { groupExternalId: "" }] },
      "snapshot",
    );
    expect(broken.body.errors[0]).toMatchObject({
      line: 0,
      reason: expect.stringContaining("snapshot not applied"),
    });
    expect(await members()).toEqual(["pupil1", "pupil2", "pupil3"]);

    // Pupil 3 moved school: the nightly class list no longer names them.
    const snapshot = await s.roster(
      { memberships: [1, 2].flatMap((n) => [member("REC", `P${n}`), member("ROBINS", `P${n}`)]) },
      "snapshot",
    );
    expect(snapshot.status).toBe(200);
    expect(snapshot.body).toMatchObject({ removed: 2, failed: 0 });
    expect(await members()).toEqual(["pupil1", "pupil2"]);
    const group = await api("GET", `/v1/groups?limit=100`, { apiKey: s.apiKey });
    expect(
      (group.body.items as { groupId: string; memberCount: number }[]).find((g) => g.groupId === s.robins),
    ).toMatchObject({ memberCount: 2 });
    // Class-teacher links are untouched by a memberships snapshot…
    const asTeacher = () => api("GET", `/v1/classes/${s.robins}/pupil-pins`, { token: s.tokens.teacher });
    expect((await asTeacher()).status).toBe(200);
    // …and removed by a classTeachers snapshot that no longer names the teacher.
    const teachers = await s.roster({ classTeachers: [] }, "snapshot");
    expect(teachers.body).toMatchObject({ removed: 1 });
    expect((await asTeacher()).status).toBe(403);
  });

  it("refuses a leaver's SSO PIN like an unknown user's, and shows their status to whoever may read users", async () => {
    const s = await school();
    const sso = {
      externalId: "T9",
      username: "j.sso",
      forename: "Jo",
      surname: "Sso",
      email: "jo@school.example",
      userType: "staff",
      profiles: ["sso"],
    };
    await s.roster({ users: [sso] });
    const call = (path: string, json: unknown) => api("POST", path, { apiKey: s.apiKey, json });
    expect(
      (await call("/v1/sso-pins/setup", { username: "j.sso", pin: "583920", confirmPin: "583920" })).status,
    ).toBe(200);
    const verify = () => call("/v1/sso-pins/verify", { username: "j.sso", pin: "583920", action: "sign_in" });
    expect((await verify()).body).toMatchObject({ outcome: "ok" });
    await s.roster({ users: [{ ...sso, status: "left" }] });
    expect((await verify()).body).toEqual({ outcome: "invalid" });
    const userId = (await runtime.deps().users.idsByExternalId(s.tenantId, ["T9"])).get("T9") as string;
    const view = await api("GET", `/v1/users/${userId}`, { apiKey: s.apiKey });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ username: "j.sso", status: "left" });
  });
});
