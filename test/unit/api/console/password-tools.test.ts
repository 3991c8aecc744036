import { describe, expect, it } from "vitest";
import { groupPicker, parseGroupList, pickerState } from "../../../../lib/api/console/group-picker.js";
import { slipsPage } from "../../../../lib/api/console/job-report.js";
import { jobPage, jobProgress } from "../../../../lib/api/console/jobs.js";
import { consoleNav } from "../../../../lib/api/console/nav.js";
import { html } from "../../../../lib/api/html.js";
import type { Job } from "../../../../lib/domain/job.js";
import type { Group } from "../../../../lib/domain/model.js";

const job = (fields: Partial<Job>): Job => ({
  tenantId: "t",
  jobId: "job-1",
  type: "password-regeneration",
  status: "running",
  total: 40,
  processed: 10,
  failed: 2,
  phases: [],
  chunkSizes: [],
  phase: 1,
  chunksDone: 0,
  createdBy: "user:u",
  createdAt: "2026-07-01T09:00:00Z",
  errors: [],
  groups: [{ groupId: "g1", name: "Year 1" }],
  ...fields,
});

describe("jobProgress", () => {
  it("counts done and failed rows, and says when the list is still being prepared", () => {
    expect(jobProgress(job({}))).toEqual({
      done: 12,
      total: 40,
      text: "12 of 40 done (30 %).",
      finished: false,
    });
    expect(jobProgress(job({ status: "queued", total: 0, processed: 0, failed: 0 })).text).toBe(
      "Preparing the list of people…",
    );
    const done = jobProgress(job({ status: "completed", processed: 40, failed: 0 }));
    expect(done).toMatchObject({ done: 40, finished: true });
    expect(done.text).toBe("Finished: 40 of 40 done.");
  });
});

describe("jobPage", () => {
  it("polls while running, and once retrieved offers to regenerate the same groups", () => {
    const running = jobPage({ job: job({}), csrf: "c", timeZone: "Europe/London" }).value;
    expect(running).toContain('data-progress="/console/jobs/job-1/progress"');
    expect(running).toContain("data-no-script");
    expect(running).toContain("<div data-when-done hidden>");
    const retrieved = jobPage({
      job: job({ status: "completed", report: { status: "retrieved", retrievedAt: "2026-07-01T09:05:00Z" } }),
      csrf: "c",
      timeZone: "Europe/London",
      retrievedBy: "Ann Admin",
    }).value;
    expect(retrieved).not.toContain("data-progress=");
    expect(retrieved).toContain("already retrieved on 1 Jul 2026, 10:05 BST by Ann Admin");
    expect(retrieved).toContain('href="/console/password-tools/regenerate?groups=g1"');
  });
});

describe("slipsPage", () => {
  it("puts the school, class, username, secret, sign-in address and local time on every slip, by class", () => {
    const row = (username: string, group: string, surname: string) => ({
      generatedAt: "2026-01-10T08:00:00Z",
      forename: "Ann",
      surname,
      username,
      group,
      password: `pw-${username}`,
    });
    const page = slipsPage({
      report: {
        kind: "temporary-passwords",
        jobId: "j",
        generatedAt: "2026-01-10T08:00:00Z",
        groups: ["Year 2", "Year 1"],
        retrievedAt: "2026-01-10T09:00:00Z",
        rows: [row("b", "Year 2", "Able"), row("a", "Year 1", "Zane"), row("c", "Year 1", "Bell")],
      },
      school: "Hillside Primary",
      signInUrl: "https://latchkey.example/sign-in?tenant=hill",
      timeZone: "Asia/Tokyo",
    }).value;
    const slips = page.split('<article class="slip">').slice(1);
    expect(slips).toHaveLength(3);
    expect(slips.map((s) => /<dt>Username<\/dt><dd>(\w+)</.exec(s)?.[1])).toEqual(["c", "a", "b"]);
    for (const slip of slips) {
      expect(slip).toContain("Hillside Primary");
      expect(slip).toContain("https://latchkey.example/sign-in?tenant=hill");
      expect(slip).toContain("10 Jan 2026, 17:00 GMT+9");
      expect(slip).toMatch(/<code class="secret">pw-\w<\/code>/);
    }
  });

  it("prints the pupil's class when they are in one, and sorts by it", () => {
    const row = (username: string, className?: string) => ({
      generatedAt: "2026-01-10T08:00:00Z",
      forename: "Ann",
      surname: "Able",
      username,
      group: "Year 1",
      ...(className ? { className } : {}),
      password: `pw-${username}`,
    });
    const page = slipsPage({
      report: {
        kind: "temporary-passwords",
        jobId: "j",
        generatedAt: "2026-01-10T08:00:00Z",
        groups: ["Year 1"],
        retrievedAt: "2026-01-10T09:00:00Z",
        rows: [row("a", "Year 1 Oak"), row("b", "Year 1 Ash"), row("c")],
      },
      school: "Hillside Primary",
      signInUrl: "https://latchkey.example/sign-in?tenant=hill",
      timeZone: "Europe/London",
    }).value;
    const classes = [...page.matchAll(/<dt>Class<\/dt><dd>([^<]+)</g)].map((m) => m[1]);
    expect(classes).toEqual(["Year 1", "Year 1 Ash", "Year 1 Oak"]);
  });
});

describe("the group picker", () => {
  const group = (groupId: string, name: string): Group => ({
    tenantId: "t",
    groupId,
    name,
    type: "year-group",
    memberCount: 3,
    createdAt: "",
    updatedAt: "",
  });

  it("reads the selection from the address: ids only, no duplicates", () => {
    expect(parseGroupList("a,b,,a")).toEqual(["a", "b"]);
    expect(parseGroupList(undefined)).toEqual([]);
    expect(pickerState({ groups: "a" })).toMatchObject({ page: 1, size: 10, selected: ["a"] });
  });

  it("adds with + and removes with ×, keeping the search and the rest of the selection", () => {
    const page = groupPicker({
      path: "/p",
      state: { q: "Year", page: 1, size: 10, selected: ["g1"] },
      matching: [group("g1", "Year 1"), group("g2", "Year 2")],
      selected: [group("g1", "Year 1")],
      next: html`<p>Next</p>`,
    }).value;
    expect(page).toContain('href="/p?q=Year&amp;page=1&amp;size=10#groups" aria-label="Remove Year 1"');
    expect(page).toContain(
      'href="/p?q=Year&amp;groups=g1%2Cg2&amp;page=1&amp;size=10#groups" aria-label="Add Year 2"',
    );
    expect(page).toContain("Show selected");
  });

  it("pages the groups with the chosen page size, and lists only the selection under Show selected", () => {
    const many = Array.from({ length: 12 }, (_, i) => group(`g${i + 1}`, `Class ${i + 1}`));
    const second = groupPicker({
      path: "/p",
      state: { page: 2, size: 10, selected: [] },
      matching: many,
      selected: [],
      next: html``,
    }).value;
    expect(second).toContain("Page 2 of 2 (12 in all)");
    expect(second).toContain('aria-label="Add Class 11"');
    expect(second).not.toContain('aria-label="Add Class 1"');
    const selectedOnly = groupPicker({
      path: "/p",
      state: { page: 1, size: 10, selected: ["g3"], view: "selected" },
      matching: many,
      selected: [group("g3", "Class 3")],
      next: html``,
    }).value;
    expect(selectedOnly.match(/aria-label="(Add|Remove) /g)).toEqual(['aria-label="Remove ']);
    expect(selectedOnly).toContain("Show all groups");
  });
});

describe("the console bar on the password tools' pages", () => {
  const admin = {
    kind: "user",
    tenantId: "t",
    userId: "u",
    roles: ["site-admin"],
  } as unknown as Parameters<typeof consoleNav>[0];
  const current = (path: string) =>
    consoleNav(admin, path)
      .filter((l) => l.current)
      .map((l) => l.label);

  it("marks the section of a screen, Home on the home page only, and nothing on a job's page", () => {
    expect(current("/console/password-tools/unclaimed")).toEqual(["Password tools"]);
    expect(current("/console")).toEqual(["Home"]);
    expect(current("/console/jobs/j1")).toEqual([]);
  });
});
