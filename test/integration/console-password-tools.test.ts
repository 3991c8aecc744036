import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { addUser, client, createTestTenant, eventually, staffPassword, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** Surnames out of the order of the pupils' ids (and so of the member ids' order in the store). */
const surnames = [
  "Young",
  "Adams",
  "Moss",
  "Baker",
  "Xu",
  "Clark",
  "Webb",
  "Dale",
  "Vance",
  "Evans",
  "Unwin",
  "Ford",
];

/**
 * A school: Year 1 holds p1–p8, Year 2 p9–p12; the admin (site admin), a nominated contact (may read the unclaimed
 * list only) and a class teacher (no password tools).
 */
async function school() {
  const tenant = await createTestTenant(runtime);
  const pupils = surnames.map((surname, i) => ({
    externalId: `P${i + 1}`,
    username: `p${i + 1}`,
    forename: `Pupil${i + 1}`,
    surname,
    userType: "student",
  }));
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        { externalId: "Y1", name: "Year 1", type: "year-group" },
        { externalId: "Y2", name: "Year 2", type: "year-group" },
      ],
      users: pupils,
      memberships: pupils.map((p, i) => ({
        groupExternalId: i < 8 ? "Y1" : "Y2",
        userExternalId: p.externalId,
      })),
    },
  });
  expect(imported.status).toBe(200);
  await addUser(runtime, tenant.tenantId, "contact", ["nominated-contact", "staff"]);
  await addUser(runtime, tenant.tenantId, "teacher", ["class-teacher", "staff"]);
  const deps = runtime.deps();
  const groups = await deps.groups.idsByExternalId(tenant.tenantId, ["Y1", "Y2"]);
  const users = await deps.users.idsByExternalId(
    tenant.tenantId,
    pupils.map((p) => p.externalId),
  );
  const session = await api<{ token: string }>("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  return {
    ...tenant,
    token: session.body.token,
    year1: groups.get("Y1") as string,
    year2: groups.get("Y2") as string,
    userId: (n: number) => users.get(`P${n}`) as string,
  };
}

type School = Awaited<ReturnType<typeof school>>;

/** The usernames of a page's table rows, in order. */
const usernamesIn = (text: string) =>
  [...text.matchAll(/<th scope="row">[^<]*<\/th><td>(p\d+)<\/td>/g)].map((m) => m[1]);

async function finished(s: School, jobId: string) {
  return eventually(async () => {
    const job = await api<{ status: string }>("GET", `/v1/jobs/${jobId}`, { token: s.token });
    return ["queued", "running"].includes(job.body.status) ? undefined : job.body;
  });
}

async function regenerationEvents(s: School) {
  const events = await api<{ items: { action: string }[] }>("GET", "/v1/audit-events?limit=200", {
    token: s.token,
  });
  return events.body.items.filter((e) => e.action === "temporary-passwords.regenerated").length;
}

let a: School;
let other: School;

beforeAll(async () => {
  [a, other] = await Promise.all([school(), school()]);
});

describe("GET /v1/unclaimed-users with a group", () => {
  it("is sorted across all pages, not within each page of member ids", async () => {
    for (const sort of ["surname", "-surname"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<{ items: { surname: string }[]; cursor?: string }>(
          "GET",
          `/v1/unclaimed-users?groupId=${a.year1}&limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`,
          { token: a.token },
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((u) => u.surname));
        cursor = page.body.cursor;
      } while (cursor);
      const expected = surnames.slice(0, 8).sort((x, y) => x.localeCompare(y, "en-GB"));
      expect(seen).toEqual(sort === "surname" ? expected : [...expected].reverse());
    }
  });

  it("refuses a cursor it did not make", async () => {
    const page = await api("GET", `/v1/unclaimed-users?groupId=${a.year1}&cursor=bm90LWEtY3Vyc29y`, {
      token: a.token,
    });
    expect(page.status).toBe(422);
  });
});

describe("/console/password-tools", () => {
  it("shows each role only the screens it may use", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const adminPage = await admin.get("/console/password-tools");
    expect(adminPage.status).toBe(200);
    for (const screen of ["unclaimed", "regenerate", "reset-emails", "reset"])
      expect(adminPage.text).toContain(`href="/console/password-tools/${screen}"`);
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactPage = await contact.get("/console/password-tools");
    expect(contactPage.text).toContain('href="/console/password-tools/unclaimed"');
    expect(contactPage.text).not.toContain('href="/console/password-tools/regenerate"');
    const teacher = await signedInPageClient(runtime, a.tenantId, "teacher");
    expect((await teacher.get("/console/password-tools")).status).toBe(403);
    expect((await teacher.get("/console/password-tools/unclaimed")).status).toBe(403);
    expect((await contact.get("/console/password-tools/regenerate")).status).toBe(403);
    expect((await contact.get("/console/password-tools/reset")).status).toBe(403);
  });
});

describe("regeneration in the console", () => {
  let jobId: string;

  it("picks groups by search with + and ×, and shows the selection", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const found = await admin.get("/console/password-tools/regenerate?q=Year");
    expect(found.status).toBe(200);
    expect(found.text).toContain('aria-label="Add Year 1"');
    expect(found.text).toContain("Selected: 0 groups");
    const picked = await admin.get(`/console/password-tools/regenerate?q=Year&groups=${a.year1},${a.year2}`);
    expect(picked.text).toContain("Selected: 2 groups");
    expect(picked.text).toContain('aria-label="Remove Year 2"');
    expect(picked.text).toContain(
      `/console/password-tools/regenerate/confirm?groups=${a.year1}%2C${a.year2}`,
    );
    const selectedOnly = await admin.get(
      `/console/password-tools/regenerate?view=selected&groups=${a.year2}`,
    );
    expect(selectedOnly.text).toContain("Year 2");
    expect(selectedOnly.text).not.toContain('aria-label="Add Year 1"');
    // Another school's group id is not selectable: it is dropped from the selection.
    const foreign = await admin.get(`/console/password-tools/regenerate?groups=${other.year1}`);
    expect(foreign.text).toContain("Selected: 0 groups");
  });

  it("confirms with the count, refuses a bad start, then starts and redirects to the job", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const confirm = await admin.get(`/console/password-tools/regenerate/confirm?groups=${a.year1}`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<strong id="regeneration-count">8</strong>');
    const csrf = confirm.csrf as string;
    const path = "/console/password-tools/regenerate";
    expect((await admin.post(path, { groups: a.year1, password: staffPassword })).status).toBe(403);
    expect(
      (await admin.post(path, { csrf: "forged", groups: a.year1, password: staffPassword })).status,
    ).toBe(403);
    const wrong = await admin.post(path, { csrf, groups: a.year1, password: "not-my-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That is not your password");
    const empty = await admin.post(path, { csrf, groups: a.year1, password: "" });
    expect(empty.status).toBe(422);
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactForm = await contact.get("/console/password-tools/unclaimed");
    const forged = await contact.post(path, {
      csrf: contactForm.csrf as string,
      groups: a.year1,
      password: staffPassword,
    });
    expect(forged.status).toBe(403);
    const foreign = await admin.post(path, { csrf, groups: other.year1, password: staffPassword });
    expect(foreign.status).toBe(422);

    const started = await admin.post(path, { csrf, groups: a.year1, password: staffPassword });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(/^\/console\/jobs\/[\w-]+$/);
    jobId = (started.location as string).split("/").pop() as string;
    const jobPage = await admin.get(started.location as string);
    expect(jobPage.status).toBe(200);
    expect(jobPage.text).toContain("<progress");
    await finished(a, jobId);
    expect(await regenerationEvents(a)).toBe(1);
    const progress = await admin.get(`/console/jobs/${jobId}/progress`);
    expect(JSON.parse(progress.text)).toMatchObject({ done: 8, total: 8, finished: true });
    const done = await admin.get(`/console/jobs/${jobId}`);
    expect(done.text).toContain("Open the report");
    expect(done.text).not.toContain("data-progress=");
  });

  it("opens the one-time report as slips, once; another school and other roles cannot", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const outsider = await signedInPageClient(runtime, other.tenantId, "admin");
    const outsiderPage = await outsider.get("/console/password-tools");
    expect((await outsider.get(`/console/jobs/${jobId}`)).status).toBe(404);
    expect((await outsider.get(`/console/jobs/${jobId}/progress`)).status).toBe(404);
    const stolen = await outsider.post(`/console/jobs/${jobId}/report`, {
      csrf: outsiderPage.csrf as string,
    });
    expect(stolen.status).toBe(404);
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactPage = await contact.get(`/console/jobs/${jobId}`);
    expect(contactPage.status).toBe(200);
    const refused = await contact.post(`/console/jobs/${jobId}/report`, { csrf: contactPage.csrf as string });
    expect(refused.status).toBe(403);
    const jobPage = await admin.get(`/console/jobs/${jobId}`);
    expect((await admin.post(`/console/jobs/${jobId}/report`, {})).status).toBe(403);

    // Two clicks at once (two tabs): one gets the slips, the other is told they were retrieved.
    const both = await Promise.all([
      admin.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string }),
      admin.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 410]);
    const report = both.find((b) => b.status === 200) as (typeof both)[number];
    expect(report.status).toBe(200);
    expect(report.headers.get("cache-control")).toBe("no-store");
    const slips = report.text.split('<article class="slip">').slice(1);
    expect(slips).toHaveLength(8);
    for (const slip of slips) {
      expect(slip).toContain(`School ${a.tenantId}`);
      expect(slip).toContain("Year 1");
      expect(slip).toContain(`/sign-in?tenant=${a.tenantId}`);
      expect(slip).toMatch(/<code class="secret">[^<]{6,}<\/code>/);
      expect(slip).toMatch(/20\d\d, \d\d:\d\d (GMT|BST)/);
    }
    const again = both.find((b) => b.status === 410) as (typeof both)[number];
    expect(again.status).toBe(410);
    expect((await admin.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string })).status).toBe(
      410,
    );
    expect(again.text).toContain("already retrieved");
    expect(again.text).toContain(`/console/password-tools/regenerate?groups=${a.year1}`);
    const later = await admin.get(`/console/jobs/${jobId}`);
    expect(later.text).toMatch(/The report was already retrieved on [^<]+ by admin Tester\./);
  });
});

describe("/console/password-tools/unclaimed", () => {
  it("lists unclaimed users sorted by any column across all pages, searched and filtered by group", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const first = await admin.get("/console/password-tools/unclaimed?sort=username&dir=desc&size=10");
    expect(first.status).toBe(200);
    expect(first.text).toContain('aria-sort="descending"');
    const second = await admin.get("/console/password-tools/unclaimed?sort=username&dir=desc&size=10&page=2");
    const all = [...usernamesIn(first.text), ...usernamesIn(second.text)];
    expect(all).toHaveLength(12);
    expect(all).toEqual(
      [...all].sort((x, y) => (y ?? "").localeCompare(x ?? "", "en-GB", { numeric: true })),
    );
    const byName = await admin.get("/console/password-tools/unclaimed?size=10");
    expect(usernamesIn(byName.text)[0]).toBe("p2"); // Adams
    // The filter form as sent with "All groups" and an empty search.
    const unfiltered = await admin.get("/console/password-tools/unclaimed?size=25&q=&group=");
    expect(unfiltered.status).toBe(200);
    expect(usernamesIn(unfiltered.text)).toHaveLength(12);
    const searched = await admin.get("/console/password-tools/unclaimed?q=Moss");
    expect(usernamesIn(searched.text)).toEqual(["p3"]);
    const year2 = await admin.get(`/console/password-tools/unclaimed?group=${a.year2}&sort=name`);
    expect(usernamesIn(year2.text)).toEqual(["p10", "p12", "p11", "p9"]); // Evans, Ford, Unwin, Vance
    expect((await admin.get(`/console/password-tools/unclaimed?group=${other.year1}`)).status).toBe(404);
    // Passwords hidden; Show for those with an active one (Year 1 after the regeneration above).
    expect(first.text).not.toMatch(/<code class="secret">/);
    expect(first.text).toContain('aria-label="Show the password of Pupil3 Moss"');
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactList = await contact.get("/console/password-tools/unclaimed");
    expect(contactList.status).toBe(200);
    expect(contactList.text).not.toContain('aria-label="Show the password');
  });

  it("Show reveals one row's password with the admin's own password (audited); Hide is the list again", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const list = await admin.get("/console/password-tools/unclaimed?sort=username");
    const csrf = list.csrf as string;
    const show = "/console/password-tools/unclaimed/show";
    const userId = a.userId(1);
    expect((await admin.post(show, { userId, password: staffPassword })).status).toBe(403);
    expect((await admin.post(show, { csrf: "x", userId, password: staffPassword })).status).toBe(403);
    const wrong = await admin.post(show, { csrf, userId, password: "not-mine", sort: "username" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('id="shown-password"');
    const missing = await admin.post(show, { csrf, userId, sort: "username" });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain("Enter your own password");

    const shown = await admin.post(show, { csrf, userId, password: staffPassword, sort: "username" });
    expect(shown.status).toBe(200);
    const password = /<code class="secret" id="shown-password">([^<]+)<\/code>/.exec(shown.text)?.[1];
    expect(password).toBeTruthy();
    expect(shown.text).toContain(
      'href="/console/password-tools/unclaimed?sort=username&amp;page=1&amp;size=25"',
    );
    const signIn = await api("POST", "/v1/sessions", {
      json: { tenantId: a.tenantId, username: "p1", password },
    });
    expect([200, 201]).toContain(signIn.status);
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${userId}/events`, {
      token: a.token,
    });
    expect(events.body.items.filter((e) => e.action === "temporary-password.revealed")).toHaveLength(1);

    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactList = await contact.get("/console/password-tools/unclaimed");
    const forged = await contact.post(show, {
      csrf: contactList.csrf as string,
      userId,
      password: staffPassword,
    });
    expect(forged.status).toBe(403);
    const foreign = await admin.post(show, { csrf, userId: other.userId(1), password: staffPassword });
    expect(foreign.status).toBe(404);
    // Another school's group as the list's filter: refused before anything is revealed (one reveal so far).
    const foreignGroup = await admin.post(show, {
      csrf,
      userId,
      password: staffPassword,
      group: other.year1,
    });
    expect(foreignGroup.status).toBe(404);
    const after = await api<{ items: { action: string }[] }>("GET", `/v1/users/${userId}/events`, {
      token: a.token,
    });
    expect(after.body.items.filter((e) => e.action === "temporary-password.revealed")).toHaveLength(1);
  });
});

describe("reset emails and one user's reset", () => {
  it("sends reset emails to picked groups and reports who got none", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const picker = await admin.get(`/console/password-tools/reset-emails?groups=${a.year2}`);
    expect(picker.text).toContain("Send reset emails to 1 group");
    const path = "/console/password-tools/reset-emails";
    expect((await admin.post(path, { groups: a.year2 })).status).toBe(403);
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactPage = await contact.get("/console/password-tools/unclaimed");
    expect((await contact.post(path, { csrf: contactPage.csrf as string, groups: a.year2 })).status).toBe(
      403,
    );
    const started = await admin.post(path, { csrf: picker.csrf as string, groups: a.year2 });
    expect(started.status).toBe(303);
    const jobId = (started.location as string).split("/").pop() as string;
    await finished(a, jobId);
    const jobPage = await admin.get(`/console/jobs/${jobId}`);
    const report = await admin.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string });
    expect(report.status).toBe(200);
    expect(report.text).toContain("Not emailed (4)");
    expect(report.text).toContain(`/console/password-tools/regenerate?groups=${a.year2}`);
  });

  it("finds a user and gives them a new temporary password, shown once", async () => {
    const admin = await signedInPageClient(runtime, a.tenantId, "admin");
    const found = await admin.get("/console/password-tools/reset?q=Webb");
    expect(found.text).toContain(`href="/console/users/${a.userId(7)}/password"`);
    const path = `/console/users/${a.userId(7)}/password`;
    const form = await admin.get(path);
    expect(form.status).toBe(200);
    const csrf = form.csrf as string;
    expect((await admin.post(path, { password: staffPassword })).status).toBe(403);
    const wrong = await admin.post(path, { csrf, password: "not-mine" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('id="new-password"');
    const contact = await signedInPageClient(runtime, a.tenantId, "contact");
    const contactPage = await contact.get("/console/password-tools/unclaimed");
    expect((await contact.get(path)).status).toBe(403);
    expect(
      (await contact.post(path, { csrf: contactPage.csrf as string, password: staffPassword })).status,
    ).toBe(403);
    expect((await admin.get(`/console/users/${other.userId(7)}/password`)).status).toBe(404);
    expect(
      (await admin.post(`/console/users/${other.userId(7)}/password`, { csrf, password: staffPassword }))
        .status,
    ).toBe(404);

    const reset = await admin.post(path, { csrf, password: staffPassword });
    expect(reset.status).toBe(200);
    expect(reset.headers.get("cache-control")).toBe("no-store");
    const password = /<code class="secret" id="new-password">([^<]+)<\/code>/.exec(reset.text)?.[1];
    expect(password).toBeTruthy();
    const signIn = await api("POST", "/v1/sessions", {
      json: { tenantId: a.tenantId, username: "p7", password },
    });
    expect([200, 201]).toContain(signIn.status);
  });
});

describe("a pupil-PIN job's slips on the same report route", () => {
  it("prints the class's random PINs once, with pupil name, class, PIN, sign-in address and time", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
    await addUser(runtime, tenant.tenantId, "nc", ["nominated-contact", "staff"]);
    const pupils = [1, 2, 3, 4].map((n) => ({
      externalId: `P${n}`,
      username: `pupil${n}`,
      forename: `Child${n}`,
      surname: `Surname${n}`,
      dateOfBirth: `2021-0${n}-1${n}`,
      userType: "student",
    }));
    const imported = await api("POST", "/v1/roster", {
      apiKey: tenant.apiKey,
      json: {
        groups: [
          { externalId: "REC", name: "Reception", type: "year-group" },
          { externalId: "ROBINS", name: "Robins", type: "class" },
        ],
        users: pupils,
        memberships: pupils.flatMap((p) => [
          { groupExternalId: "REC", userExternalId: p.externalId },
          { groupExternalId: "ROBINS", userExternalId: p.externalId },
        ]),
      },
    });
    expect(imported.status).toBe(200);
    const groups = await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["REC", "ROBINS"]);
    const token = async (username: string) =>
      (
        await api<{ token: string }>("POST", "/v1/sessions", {
          json: { tenantId: tenant.tenantId, username, password: staffPassword },
        })
      ).body.token;
    const [adminToken, headToken, ncToken] = [await token("admin"), await token("head"), await token("nc")];
    const configured = await api("PUT", "/v1/early-years", {
      token: adminToken,
      json: { yearGroupIds: [groups.get("REC")], defaultPin: { kind: "birthday" } },
    });
    expect(configured.status).toBe(200);
    const accepted = await api("POST", "/v1/early-years/declaration", {
      token: headToken,
      json: { version: earlyYearsDeclaration.version, accept: true },
    });
    expect(accepted.status).toBe(202);
    const wait = (jobId: string) =>
      eventually(async () => {
        const job = await api<{ status: string }>("GET", `/v1/jobs/${jobId}`, { token: adminToken });
        return ["queued", "running"].includes(job.body.status) ? undefined : job.body;
      });
    await wait((accepted.body.job as { jobId: string }).jobId);
    const started = await api("POST", `/v1/classes/${groups.get("ROBINS")}/pupil-pins/random`, {
      token: ncToken,
      json: {},
    });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    await wait(jobId);

    // A site admin who did not start it may see the job but not its slips (the use case's rule).
    const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const adminPage = await admin.get(`/console/jobs/${jobId}`);
    expect(adminPage.text).toContain("Pupil PINs");
    expect(
      (await admin.post(`/console/jobs/${jobId}/report`, { csrf: adminPage.csrf as string })).status,
    ).toBe(403);
    const nc = await signedInPageClient(runtime, tenant.tenantId, "nc");
    const jobPage = await nc.get(`/console/jobs/${jobId}`);
    const report = await nc.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string });
    expect(report.status).toBe(200);
    expect(report.text).toContain("Pupil PIN slips");
    const slips = report.text.split('<article class="slip">').slice(1);
    expect(slips).toHaveLength(4);
    for (const slip of slips) {
      expect(slip).toContain(`School ${tenant.tenantId}`);
      expect(slip).toContain("Robins");
      expect(slip).toMatch(/<dt>PIN<\/dt><dd><code class="secret">\d{4,8}<\/code>/);
      expect(slip).toContain(`/sign-in?tenant=${tenant.tenantId}`);
    }
    expect(slips[0]).toContain("Child1 Surname1");
    const again = await nc.post(`/console/jobs/${jobId}/report`, { csrf: jobPage.csrf as string });
    expect(again.status).toBe(410);
    expect(again.text).toContain("Generate new PINs");
  });
});
