import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { earlyYearsDeclaration } from "../../lib/domain/pupil-pin.js";
import { earlyYearsSchool } from "./early-years-school.js";
import { client, finishedJob, staffPassword, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let school: Awaited<ReturnType<typeof earlyYearsSchool>>;
let other: Awaited<ReturnType<typeof earlyYearsSchool>>;
type Browser = Awaited<ReturnType<typeof signedInPageClient>>;
const as = {} as Record<"admin" | "head" | "nc" | "t.robins" | "t.wrens", Browser>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  [school, other] = await Promise.all([earlyYearsSchool(runtime, api), earlyYearsSchool(runtime, api)]);
  for (const username of ["admin", "head", "nc", "t.robins", "t.wrens"] as const) {
    as[username] = await signedInPageClient(runtime, school.tenantId, username);
  }
});
afterAll(async () => runtime?.stop());

const settingsNow = async () =>
  (await api("GET", "/v1/early-years", { apiKey: school.apiKey })).body as {
    enabled: boolean;
    yearGroupIds: string[];
    minLength: number;
    declaration?: { acceptedBy: string };
  };

/** A POST as the page's own form sends it: the page's form token. */
async function submit(browser: Browser, page: string, action: string, fields: Record<string, string>) {
  const form = await browser.get(page);
  return browser.post(action, { csrf: form.csrf ?? "", ...fields });
}

const pinOf = async (n: number) => runtime.deps().pupilPins.get(school.tenantId, school.pupilId(n));

describe("console: early years (myUSO)", () => {
  it("shows each role its own part before PIN login is on", async () => {
    const admin = await as.admin.get("/console/early-years");
    expect(admin.status).toBe(200);
    expect(admin.text).toContain("PIN login is off");
    expect(admin.text).toContain('href="/console/early-years/settings"');
    expect(admin.text).not.toContain("Read and accept the declaration");
    const head = await as.head.get("/console/early-years");
    expect(head.text).toContain("Read and accept the declaration");
    const teacher = await as["t.robins"].get("/console/early-years");
    expect(teacher.text).toContain("Class lists open once the headteacher has accepted");
    expect(teacher.text).not.toContain('href="/console/early-years/settings"');
    expect((await as["t.robins"].get("/console/early-years/settings")).status).toBe(403);
  });

  it("saves year groups and the default rule for a site admin; refuses bad input, other roles and a missing token", async () => {
    const page = await as.admin.get("/console/early-years/settings");
    expect(page.text).toContain("Reception");
    expect(page.text).toContain("Year 2");
    // A birthday PIN has 4 digits: a minimum of 6 does not fit; the form again with why, nothing saved.
    const bad = await submit(as.admin, "/console/early-years/settings", "/console/early-years/settings", {
      [`year-${school.reception}`]: "on",
      rule: "birthday",
      length: "6",
      minLength: "6",
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("does not fit the minimum length");
    expect((await settingsNow()).yearGroupIds).toEqual([]);
    const forged = await submit(as["t.robins"], "/console/early-years", "/console/early-years/settings", {
      [`year-${school.reception}`]: "on",
      rule: "birthday",
      minLength: "4",
    });
    expect(forged.status).toBe(403);
    const noToken = await as.admin.post("/console/early-years/settings", {
      [`year-${school.reception}`]: "on",
      rule: "birthday",
      minLength: "4",
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await as.admin.post("/console/early-years/settings", {
      csrf: "forged",
      [`year-${school.reception}`]: "on",
      rule: "birthday",
      minLength: "4",
    });
    expect(wrongToken.status).toBe(403);
    expect((await settingsNow()).yearGroupIds).toEqual([]);
    const saved = await submit(as.admin, "/console/early-years/settings", "/console/early-years/settings", {
      [`year-${school.reception}`]: "on",
      rule: "birthday",
      length: "6",
      minLength: "4",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe("/console/early-years/settings?done=saved");
    expect((await settingsNow()).yearGroupIds).toEqual([school.reception]);
    expect((await as.admin.get(saved.location ?? "")).text).toContain("Settings saved.");
  });

  it("lets only the headteacher accept the declaration, then names them", async () => {
    const nc = await as.nc.get("/console/early-years/declaration");
    expect(nc.text).toContain(earlyYearsDeclaration.text.slice(0, 40));
    expect(nc.text).toContain("Only the headteacher can accept");
    expect(nc.text).not.toContain("Accept the declaration</button>");
    const version = earlyYearsDeclaration.version;
    const forged = await submit(
      as.nc,
      "/console/early-years/declaration",
      "/console/early-years/declaration",
      {
        version,
        accept: "yes",
      },
    );
    expect(forged.status).toBe(403);
    const unticked = await submit(
      as.head,
      "/console/early-years/declaration",
      "/console/early-years/declaration",
      {
        version,
      },
    );
    expect(unticked.status).toBe(422);
    const noToken = await as.head.post("/console/early-years/declaration", { version, accept: "yes" });
    expect(noToken.status).toBe(403);
    expect((await settingsNow()).enabled).toBe(false);
    const accepted = await submit(
      as.head,
      "/console/early-years/declaration",
      "/console/early-years/declaration",
      {
        version,
        accept: "yes",
      },
    );
    expect(accepted.status).toBe(303);
    const after = await as.head.get(accepted.location ?? "");
    expect(after.text).toContain("Declaration accepted");
    expect(after.text).toContain("accepted by Helen Head");
    expect(after.text).not.toContain("user:");
    const settings = await settingsNow();
    expect(settings.enabled).toBe(true);
    expect(settings.declaration?.acceptedBy).toBe(`user:${school.staffId("S1")}`);
    // The defaults job gives every Reception pupil a PIN.
    await expect.poll(async () => (await pinOf(8))?.status, { timeout: 30_000 }).toBe("default");
  });

  it("offers each person the classes they may manage, and opens one from the selector", async () => {
    const teacher = await as["t.robins"].get("/console/early-years");
    expect(teacher.text).toContain(`<option value="${school.robins}"`);
    expect(teacher.text).not.toContain(`<option value="${school.wrens}"`);
    const nc = await as.nc.get("/console/early-years");
    expect(nc.text).toContain(`<option value="${school.robins}"`);
    expect(nc.text).toContain(`<option value="${school.wrens}"`);
    expect(nc.text).not.toContain(`<option value="${school.year2}"`);
    // The headteacher oversees: every early-years class, to see (not change) its PINs.
    const head = await as.head.get("/console/early-years");
    expect(head.text).toContain(`<option value="${school.robins}"`);
    expect(head.text).toContain("You can see each class's PIN status");
    const chosen = await as.nc.get(`/console/early-years?class=${school.wrens}`);
    expect(chosen.status).toBe(303);
    expect(chosen.location).toBe(`/console/early-years/classes/${school.wrens}`);
  });

  it("lists a class's pupils with status for its teacher; other classes 403, another school's class 404", async () => {
    const page = await as["t.robins"].get(`/console/early-years/classes/${school.robins}`);
    expect(page.status).toBe(200);
    for (const name of ["Ava Adams", "Ben Brown", "Cara Clark", "Dev Desai"])
      expect(page.text).toContain(name);
    expect(page.text).not.toContain("Ella Evans");
    expect(page.text).toContain("Default");
    expect((await as["t.robins"].get(`/console/early-years/classes/${school.wrens}`)).status).toBe(403);
    // A site admin sees the statuses, without the controls.
    const overseen = await as.admin.get(`/console/early-years/classes/${school.robins}`);
    expect(overseen.status).toBe(200);
    expect(overseen.text).toContain("Ava Adams");
    expect(overseen.text).not.toContain("Change PIN");
    expect(overseen.text).not.toContain("random-pins");
    expect(page.text).toContain("Change PIN");
    expect((await as.nc.get(`/console/early-years/classes/${other.robins}`)).status).toBe(404);
  });

  it("changes a pupil's PIN (Update), shows who by name and when, and the pupil signs in with it", async () => {
    const classPage = `/console/early-years/classes/${school.robins}`;
    const action = `${classPage}/pupils/${school.pupilId(1)}/pin`;
    const before = await pinOf(1);
    const weak = await submit(as["t.robins"], classPage, action, { pin: "1234" });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain("The PIN was not changed");
    expect(weak.text).toContain("must not be a run of consecutive digits");
    const noToken = await as["t.robins"].post(action, { pin: "739164" });
    expect(noToken.status).toBe(403);
    const otherTeacher = await submit(as["t.wrens"], "/console/early-years", action, { pin: "739164" });
    expect(otherTeacher.status).toBe(403);
    const overseer = await submit(as.admin, classPage, action, { pin: "739164" });
    expect(overseer.status).toBe(403);
    expect((await pinOf(1))?.hash).toBe(before?.hash);
    const changed = await submit(as["t.robins"], classPage, action, { pin: "739164" });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe(`${classPage}?done=changed&pupil=${school.pupilId(1)}`);
    const after = await as["t.robins"].get(changed.location ?? "");
    expect(after.text).toContain("Ava Adams&#39;s PIN was changed. They can use it now.");
    const row = after.text.split("<tr>").find((r) => r.startsWith('<th scope="row">Ava Adams')) ?? "";
    expect(row).toContain("Changed");
    expect(row).toContain("Rosa Robin");
    expect(row).not.toContain("user:");
    expect(row).toMatch(/\d{4}, \d{2}:\d{2} (GMT|BST)/);
    const list = await api<{
      items: { userId: string; lastChangedBy?: string; lastChangedByName?: string }[];
    }>("GET", `/v1/classes/${school.robins}/pupil-pins`, { token: await token("t.robins") });
    const ava = list.body.items.find((i) => i.userId === school.pupilId(1));
    expect(ava?.lastChangedBy).toBe(`user:${school.staffId("S3")}`);
    expect(ava?.lastChangedByName).toBe("Rosa Robin");
    const signIn = await api("POST", "/v1/pupil-sessions", {
      json: { tenantId: school.tenantId, username: "ava.adams", pin: "739164" },
    });
    expect(signIn.status).toBe(201);
  });

  it("gives one pupil a random PIN shown once on a slip", async () => {
    const classPage = `/console/early-years/classes/${school.robins}`;
    const slip = await submit(as.nc, classPage, `${classPage}/pupils/${school.pupilId(2)}/random-pin`, {});
    expect(slip.status).toBe(200);
    expect(slip.text).toContain('class="slip"');
    expect(slip.text).toContain("Ben Brown");
    expect(slip.text).toContain("Robins");
    expect(slip.text).toContain("data-print");
    const pin = /<code class="secret">(\d+)<\/code>/.exec(slip.text)?.[1] ?? "";
    expect(pin).toMatch(/^\d{6}$/);
    const signIn = await api("POST", "/v1/pupil-sessions", {
      json: { tenantId: school.tenantId, username: "ben.brown", pin },
    });
    expect(signIn.status).toBe(201);
    // The class page never shows it again.
    expect((await as.nc.get(classPage)).text).not.toContain(pin);
  });

  it("starts random PINs for the whole class and sends the teacher to the job", async () => {
    const classPage = `/console/early-years/classes/${school.wrens}`;
    const unconfirmed = await submit(as["t.wrens"], classPage, `${classPage}/random-pins`, {});
    expect(unconfirmed.status).toBe(422);
    const started = await submit(as["t.wrens"], classPage, `${classPage}/random-pins`, { confirm: "yes" });
    expect(started.status).toBe(303);
    const jobId = /^\/console\/jobs\/([\w-]+)$/.exec(started.location ?? "")?.[1] ?? "";
    expect(jobId).not.toBe("");
    const job = await finishedJob(api, school.apiKey, jobId);
    expect(job.type).toBe("pupil-pins");
    expect(job.status).toBe("completed");
    const forged = await submit(as["t.robins"], "/console/early-years", `${classPage}/random-pins`, {
      confirm: "yes",
    });
    expect(forged.status).toBe(403);
  });
});

async function token(username: string) {
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId: school.tenantId, username, password: staffPassword },
  });
  return session.body.token as string;
}
