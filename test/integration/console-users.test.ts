import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { pageClient, signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
type Tenant = Awaited<ReturnType<typeof createTestTenant>>;
let school: Tenant;
let other: Tenant;
const ids = {} as Record<"sso" | "plain" | "head" | "teacher" | "pupil" | "elsewhere", string>;
type Browser = Awaited<ReturnType<typeof signedInPageClient>>;
let admin: Browser;
let teacher: Browser;

/** A staff member with an SSO account (email + the "sso" profile) who signs in with a password too. */
const people = [
  {
    externalId: "T1",
    username: "sam.sso",
    forename: "Sam",
    surname: "Singh",
    email: "sam@school.example",
    profiles: ["sso"],
  },
  {
    externalId: "T2",
    username: "pat.plain",
    forename: "Pat",
    surname: "Plain",
    email: "pat@school.example",
    profiles: [],
  },
  {
    externalId: "P1",
    username: "ava.pupil",
    forename: "Ava",
    surname: "Pupil",
    userType: "student",
    roles: ["pupil"],
  },
  ...Array.from({ length: 10 }, (_, i) => ({
    externalId: `X${i}`,
    username: `extra${i}`,
    forename: `Extra${i}`,
    surname: `Zed${String(i).padStart(2, "0")}`,
  })),
];

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  [school, other] = await Promise.all([createTestTenant(runtime), createTestTenant(runtime)]);
  const imported = await api("POST", "/v1/roster", {
    apiKey: school.apiKey,
    json: { users: people.map((p) => ({ userType: "staff", roles: ["staff"], ...p })) },
  });
  expect(imported.status).toBe(200);
  const deps = runtime.deps();
  const found = await deps.users.idsByExternalId(school.tenantId, ["T1", "T2", "P1"]);
  ids.sso = found.get("T1") as string;
  ids.plain = found.get("T2") as string;
  ids.pupil = found.get("P1") as string;
  for (const userId of [ids.sso, ids.plain]) {
    await deps.credentials.setPassword(
      school.tenantId,
      userId,
      await deps.hasher.hash(staffPassword),
      new Date(),
    );
    await deps.users.markClaimed(school.tenantId, userId, new Date());
  }
  ids.head = (
    await createUserWithPassword(deps, {
      tenantId: school.tenantId,
      username: "head",
      forename: "Helen",
      surname: "Head",
      userType: "staff",
      roles: ["headteacher", "staff"],
      password: staffPassword,
    })
  ).userId;
  ids.teacher = (await addUser(runtime, school.tenantId, "teacher", ["class-teacher", "staff"])).userId;
  ids.elsewhere = (await addUser(runtime, other.tenantId, "someone", ["staff"])).userId;
  admin = await signedInPageClient(runtime, school.tenantId, "admin");
  teacher = await signedInPageClient(runtime, school.tenantId, "teacher");
});
afterAll(async () => runtime?.stop());

async function submit(browser: Browser, page: string, action: string, fields: Record<string, string> = {}) {
  const form = await browser.get(page);
  return browser.post(action, { csrf: form.csrf ?? "", ...fields });
}

const tokenOf = async (username: string) =>
  (
    await api("POST", "/v1/sessions", {
      json: { tenantId: school.tenantId, username, password: staffPassword },
    })
  ).body.token as string;
const me = (token: string) => api("GET", "/v1/me", { token });
const ssoState = async () => (await runtime.deps().ssoPins.get(school.tenantId, ids.sso))?.state;
const statusOf = async (userId: string) => (await runtime.deps().users.get(school.tenantId, userId))?.status;

describe("console: users (Bromcom system users)", () => {
  it("lists active user accounts with search, user-type filter and paging", async () => {
    const all = await admin.get("/console/users?size=10");
    expect(all.status).toBe(200);
    expect(all.text).toContain("Page 1 of 2");
    expect(all.text).toContain("Head, Helen");
    expect(all.text).not.toContain("Zed09");
    expect((await admin.get("/console/users?size=10&page=2")).text).toContain("Zed09");
    const search = await admin.get("/console/users?q=singh");
    expect(search.text).toContain("Singh, Sam");
    expect(search.text).not.toContain("Plain, Pat");
    const pupils = await admin.get("/console/users?type=student");
    expect(pupils.text).toContain("Pupil, Ava");
    expect(pupils.text).not.toContain("Singh, Sam");
    // A member of staff without users:read has no such screen.
    const staff = await signedInPageClient(runtime, school.tenantId, "pat.plain");
    expect((await staff.get("/console/users")).status).toBe(403);
  });

  it("shows a user's details and SSO PIN state, with the actions only to whom may take them", async () => {
    const setUp = await api("POST", "/v1/sso-pins/setup", {
      apiKey: school.apiKey,
      json: { username: "sam.sso", pin: "482913", confirmPin: "482913" },
    });
    expect(setUp.status).toBe(200);
    const page = await admin.get(`/console/users/${ids.sso}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("sam@school.example");
    expect(page.text).toMatch(/SSO PIN<\/dt><dd><span class="badge good">Set/);
    for (const control of ["Reset SSO PIN", "Sign out everywhere", "Disable account"]) {
      expect(page.text).toContain(control);
    }
    for (const link of ["password", "pin-code", "history", "security"]) {
      expect(page.text).toContain(`href="/console/users/${ids.sso}/${link}"`);
    }
    const plain = await admin.get(`/console/users/${ids.plain}`);
    expect(plain.text).toContain("No SSO account");
    expect(plain.text).not.toContain("Reset SSO PIN");
    const asTeacher = await teacher.get(`/console/users/${ids.sso}`);
    expect(asTeacher.status).toBe(200);
    for (const control of [
      "Reset SSO PIN",
      "Sign out everywhere",
      "Disable account",
      "/password",
      "/history",
    ]) {
      expect(asTeacher.text).not.toContain(control);
    }
    // Over a user with more privilege (the headteacher may accept the declaration): nothing to do.
    const head = await admin.get(`/console/users/${ids.head}`);
    expect(head.text).not.toContain("Disable account");
    expect(head.text).not.toContain("Sign out everywhere");
    // Nor on oneself.
    expect((await admin.get(`/console/users/${school.admin.userId}`)).text).not.toContain("Disable account");
    expect((await admin.get(`/console/users/${ids.elsewhere}`)).status).toBe(404);
  });

  it("resets the SSO PIN with the admin's password: a success message and state reset pending", async () => {
    const page = `/console/users/${ids.sso}`;
    const action = `${page}/sso-pin/reset`;
    const wrong = await submit(admin, page, action, { password: "not-my-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("Your password was not accepted");
    const noToken = await admin.post(action, { password: staffPassword });
    expect(noToken.status).toBe(403);
    const badToken = await admin.post(action, { csrf: "forged", password: staffPassword });
    expect(badToken.status).toBe(403);
    const forged = await submit(teacher, page, action, { password: staffPassword });
    expect(forged.status).toBe(403);
    const plain = await submit(
      admin,
      `/console/users/${ids.plain}`,
      `/console/users/${ids.plain}/sso-pin/reset`,
      {
        password: staffPassword,
      },
    );
    expect(plain.status).toBe(422);
    expect(plain.text).toContain("no email address registered as an SSO account");
    expect(await ssoState()).toBe("active");
    const reset = await submit(admin, page, action, { password: staffPassword });
    expect(reset.status).toBe(303);
    expect(reset.location).toBe(`${page}?done=sso-pin-reset`);
    const after = await admin.get(reset.location ?? "");
    expect(after.text).toContain("The SSO PIN reset has started");
    expect(after.text).toContain("Reset pending");
    expect(await ssoState()).toBe("reset_pending");
    expect(reset.location).not.toContain(staffPassword);
  });

  it("signs a user out everywhere", async () => {
    const token = await tokenOf("sam.sso");
    expect((await me(token)).status).toBe(200);
    const page = `/console/users/${ids.sso}`;
    const forged = await submit(teacher, page, `${page}/sign-out`);
    expect(forged.status).toBe(403);
    expect((await me(token)).status).toBe(200);
    const out = await submit(admin, page, `${page}/sign-out`);
    expect(out.status).toBe(303);
    expect((await admin.get(out.location ?? "")).text).toContain("signed out everywhere");
    expect((await me(token)).status).toBe(401);
  });

  it("disables a user (their session stops at once) and enables them again; never oneself or more privilege", async () => {
    const token = await tokenOf("pat.plain");
    const browser = await signedInPageClient(runtime, school.tenantId, "pat.plain");
    const page = `/console/users/${ids.plain}`;
    expect((await submit(teacher, page, `${page}/disable`)).status).toBe(403);
    expect((await admin.post(`${page}/disable`, {})).status).toBe(403);
    expect(await statusOf(ids.plain)).toBe("active");
    const disabled = await submit(admin, page, `${page}/disable`);
    expect(disabled.status).toBe(303);
    const after = await admin.get(disabled.location ?? "");
    expect(after.text).toContain("The account is disabled");
    expect(after.text).toContain("Enable account");
    expect(await statusOf(ids.plain)).toBe("disabled");
    expect((await me(token)).status).toBe(401);
    const kicked = await browser.get("/account");
    expect(kicked.status).toBe(303);
    expect(kicked.location).toContain("/sign-in");
    // Disabled users are off the active list, on the disabled one.
    expect((await admin.get("/console/users?q=plain")).text).not.toContain("Plain, Pat");
    expect((await admin.get("/console/users?q=plain&status=disabled")).text).toContain("Plain, Pat");
    const enabled = await submit(admin, page, `${page}/enable`);
    expect(enabled.status).toBe(303);
    expect(await statusOf(ids.plain)).toBe("active");
    // The old session stays ended; a new sign-in works.
    expect((await me(token)).status).toBe(401);
    expect((await me(await tokenOf("pat.plain"))).status).toBe(200);
    const self = `/console/users/${school.admin.userId}`;
    expect((await submit(admin, self, `${self}/disable`)).status).toBe(403);
    const head = `/console/users/${ids.head}`;
    expect((await submit(admin, head, `${head}/disable`)).status).toBe(403);
    expect(await statusOf(ids.head)).toBe("active");
    const elsewhere = await submit(admin, "/console/users", `/console/users/${ids.elsewhere}/disable`);
    expect(elsewhere.status).toBe(404);
  });

  it("disables and enables through the API: a site admin's session only, never an API key", async () => {
    const byKey = await api("POST", `/v1/users/${ids.pupil}/disable`, { apiKey: school.apiKey });
    expect(byKey.status).toBe(403);
    const adminToken = await tokenOf("admin");
    const byHead = await api("POST", `/v1/users/${ids.pupil}/disable`, { token: await tokenOf("head") });
    expect(byHead.status).toBe(403);
    const disabled = await api("POST", `/v1/users/${ids.pupil}/disable`, { token: adminToken });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ userId: ids.pupil, status: "disabled" });
    const enabled = await api("POST", `/v1/users/${ids.pupil}/enable`, { token: adminToken });
    expect(enabled.body).toEqual({ userId: ids.pupil, status: "active" });
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${ids.pupil}/events`, {
      token: adminToken,
    });
    expect(events.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(["user.disabled", "user.enabled"]),
    );
    expect((await api("POST", `/v1/users/${ids.elsewhere}/disable`, { token: adminToken })).status).toBe(404);
  });

  it("disables once when two requests arrive at once (one audited change; the other agrees or gets 409)", async () => {
    const adminToken = await tokenOf("admin");
    const both = await Promise.all(
      [0, 1].map(() => api("POST", `/v1/users/${ids.sso}/disable`, { token: adminToken })),
    );
    expect(both.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    for (const r of both) expect([200, 409]).toContain(r.status);
    expect(await statusOf(ids.sso)).toBe("disabled");
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${ids.sso}/events`, {
      token: adminToken,
    });
    expect(events.body.items.filter((e) => e.action === "user.disabled")).toHaveLength(1);
    expect((await api("POST", `/v1/users/${ids.sso}/enable`, { token: adminToken })).status).toBe(200);
  });

  it("sends a signed-out browser to sign in", async () => {
    const anonymous = pageClient(runtime);
    const answer = await anonymous.get("/console/users");
    expect(answer.status).toBe(303);
  });
});
