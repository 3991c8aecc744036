import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import type { AuditAction } from "../../lib/domain/audit.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** A school with events on known days: tenant-wide ones, and ones about Kim done by the admin. */
async function schoolWithEvents() {
  const tenant = await createTestTenant(runtime);
  const kim = await addUser(runtime, tenant.tenantId, "kim", ["staff"]);
  await addUser(runtime, tenant.tenantId, "teacher", ["class-teacher", "staff"]);
  const record = (action: AuditAction, at: string, userId?: string) =>
    runtime.deps().audit.record({
      tenantId: tenant.tenantId,
      eventId: randomUUID(),
      at,
      actor: `user:${tenant.admin.userId}`,
      action,
      ...(userId && { userId }),
      details: { note: `at ${at}` },
    });
  // 2026-06-30T23:30Z is 1 July in the school's zone (Europe/London, BST).
  await record("password-policies.updated", "2026-06-30T22:30:00.000Z");
  await record("api-key.created", "2026-06-30T23:30:00.000Z");
  await record("password-policies.updated", "2026-07-01T12:00:00.000Z");
  await record("api-key.revoked", "2026-07-02T09:00:00.000Z");
  await record("sessions.revoked", "2026-07-01T10:00:00.000Z", kim.userId);
  await record("sso-pin.reset", "2026-07-03T10:00:00.000Z", kim.userId);
  const admin = await api<{ token: string }>("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  return { ...tenant, kim, adminToken: admin.body.token };
}

const notes = (text: string) =>
  [...text.matchAll(/<span class="hint">note<\/span> at ([\d\-T:.Z]+)/g)].map((m) => m[1]);

describe("GET /v1/audit-events and /v1/users/{id}/events filters", () => {
  it("filters by kind and by a time window (from inclusive, to exclusive), and refuses a bad kind", async () => {
    const s = await schoolWithEvents();
    const list = async (path: string) =>
      (
        await api<{ items: { at: string; action: string }[] }>("GET", path, { token: s.adminToken })
      ).body.items.map((e) => `${e.action}@${e.at}`);
    expect(await list("/v1/audit-events?kind=api-key.created")).toEqual([
      "api-key.created@2026-06-30T23:30:00.000Z",
    ]);
    expect(await list("/v1/audit-events?from=2026-06-30T23:00:00Z&to=2026-07-02T09:00:00.000Z")).toEqual([
      "password-policies.updated@2026-07-01T12:00:00.000Z",
      "api-key.created@2026-06-30T23:30:00.000Z",
    ]);
    expect(
      await list("/v1/audit-events?kind=password-policies.updated&from=2026-07-01T00:00:00%2B01:00"),
    ).toEqual(["password-policies.updated@2026-07-01T12:00:00.000Z"]);
    expect((await list("/v1/audit-events")).length).toBe(4);
    expect(await list(`/v1/users/${s.kim.userId}/events?kind=sso-pin.reset`)).toEqual([
      "sso-pin.reset@2026-07-03T10:00:00.000Z",
    ]);
    expect(await list(`/v1/users/${s.kim.userId}/events?to=2026-07-02T00:00:00Z`)).toEqual([
      "sessions.revoked@2026-07-01T10:00:00.000Z",
    ]);
    expect((await api("GET", "/v1/audit-events?kind=nothing", { token: s.adminToken })).status).toBe(400);
    expect((await api("GET", "/v1/audit-events?from=yesterday", { token: s.adminToken })).status).toBe(400);
    // Paging within a filter: a cursor continues the same window.
    const first = await api<{ items: unknown[]; cursor?: string }>(
      "GET",
      "/v1/audit-events?limit=1&from=2026-06-30T23:00:00Z",
      {
        token: s.adminToken,
      },
    );
    expect(first.body.items).toHaveLength(1);
    const next = await api<{ items: unknown[]; cursor?: string }>(
      "GET",
      `/v1/audit-events?limit=5&from=2026-06-30T23:00:00Z&cursor=${first.body.cursor}`,
      { token: s.adminToken },
    );
    expect(next.body.items).toHaveLength(2);
  });
});

describe("/console/audit", () => {
  it("shows a site admin the school's events with names, filtered by kind and by the school's days, paged", async () => {
    const s = await schoolWithEvents();
    const browser = await signedInPageClient(runtime, s.tenantId, "admin");
    const all = await browser.get("/console/audit");
    expect(all.status).toBe(200);
    expect(all.text).toContain('<label for="kind">Kind of event</label>');
    expect(all.text).toContain("<td>API key created</td>");
    expect(all.text).toContain("<td>admin Tester</td>");
    expect(all.text).not.toContain(`user:${s.admin.userId}`);
    expect(all.text).toContain("1 Jul 2026, 00:30 BST");
    expect(notes(all.text)).toHaveLength(4);

    const kind = await browser.get("/console/audit?kind=password-policies.updated&from=&to=&size=25");
    expect(notes(kind.text)).toEqual(["2026-07-01T12:00:00.000Z", "2026-06-30T22:30:00.000Z"]);
    expect(kind.text).toContain('<option value="password-policies.updated" selected>');
    // 1 July in London: from 30 June 23:00 UTC to 1 July 23:00 UTC.
    const day = await browser.get("/console/audit?from=2026-07-01&to=2026-07-01");
    expect(notes(day.text)).toEqual(["2026-07-01T12:00:00.000Z", "2026-06-30T23:30:00.000Z"]);

    const page1 = await browser.get("/console/audit?size=3");
    expect(notes(page1.text)).toHaveLength(3);
    const next = /href="([^"]+)" rel="next"/.exec(page1.text)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(next).toContain("cursor=");
    const page2 = await browser.get(next);
    expect(notes(page2.text)).toEqual(["2026-06-30T22:30:00.000Z"]);
    expect(page2.text).toContain("First page");
    expect(page2.text).toContain("No older events.");

    const backwards = await browser.get("/console/audit?from=2026-07-02&to=2026-07-01");
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain("The From date must be on or before the To date.");
    const badDate = await browser.get("/console/audit?from=1%2F7%2F2026");
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain("must be a date (YYYY-MM-DD)");
    expect((await browser.get("/console/audit?kind=made-up")).status).toBe(400);
  });

  it("refuses a role without audit:read, and hides the screen from it", async () => {
    const s = await schoolWithEvents();
    const teacher = await signedInPageClient(runtime, s.tenantId, "teacher");
    expect((await teacher.get("/console")).text).not.toContain('href="/console/audit"');
    const refused = await teacher.get("/console/audit");
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain("note");
  });
});

describe("/console/users/{userId}/history", () => {
  it("shows one user's events with the same filters; another school's user is not found", async () => {
    const s = await schoolWithEvents();
    const other = await schoolWithEvents();
    const browser = await signedInPageClient(runtime, s.tenantId, "admin");
    const history = await browser.get(`/console/users/${s.kim.userId}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain("<h1>History of kim Tester</h1>");
    expect(notes(history.text)).toEqual(["2026-07-03T10:00:00.000Z", "2026-07-01T10:00:00.000Z"]);
    expect(history.text).toContain("<td>SSO PIN reset</td>");
    const filtered = await browser.get(`/console/users/${s.kim.userId}/history?kind=sessions.revoked`);
    expect(notes(filtered.text)).toEqual(["2026-07-01T10:00:00.000Z"]);
    const dated = await browser.get(`/console/users/${s.kim.userId}/history?from=2026-07-02`);
    expect(notes(dated.text)).toEqual(["2026-07-03T10:00:00.000Z"]);
    expect((await browser.get(`/console/users/${other.kim.userId}/history`)).status).toBe(404);
    const teacher = await signedInPageClient(runtime, s.tenantId, "teacher");
    expect((await teacher.get(`/console/users/${s.kim.userId}/history`)).status).toBe(403);
  });
});

describe("/console/emails", () => {
  it("shows delivery status per email (never content), filtered by status and paged; refuses other roles", async () => {
    const s = await createTestTenant(runtime);
    await addUser(runtime, s.tenantId, "teacher", ["class-teacher", "staff"]);
    const deliveries = runtime.deps().emailDeliveries;
    const queue = (n: number) =>
      deliveries.recordQueued({
        tenantId: s.tenantId,
        emailId: `2026-07-01T10:0${n}:00.000Z-${n}`,
        layoutId: "PASSWORD_EMAIL_CHANGE",
        to: `person${n}@school.example`,
        createdAt: `2026-07-01T10:0${n}:00.000Z`,
      });
    for (const n of [1, 2, 3, 4]) await queue(n);
    await deliveries.markSent(
      s.tenantId,
      "2026-07-01T10:01:00.000Z-1",
      "ses-1",
      new Date("2026-07-01T10:01:05Z"),
    );
    await deliveries.markFailed(s.tenantId, "2026-07-01T10:02:00.000Z-2", "Address bounced", new Date());
    const browser = await signedInPageClient(runtime, s.tenantId, "admin");
    const all = await browser.get("/console/emails");
    expect(all.status).toBe(200);
    expect(all.text).toContain("<td>Password reset link</td>");
    expect(all.text).toContain("<td>person4@school.example</td>");
    expect(all.text).toContain('<span class="badge good">Sent</span></td><td>1 Jul 2026, 11:01 BST</td>');
    expect(all.text).toContain("Address bounced");
    expect(all.text).not.toContain("ses-1");
    const failed = await browser.get("/console/emails?status=failed&size=25");
    expect(failed.text.match(/@school\.example<\/td>/g)).toHaveLength(1);
    expect(failed.text).toContain("person2@school.example");
    const paged = await browser.get("/console/emails?size=3");
    expect(paged.text.match(/@school\.example<\/td>/g)).toHaveLength(3);
    const next = /href="([^"]+)" rel="next"/.exec(paged.text)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect((await browser.get(next)).text).toContain("person1@school.example");
    expect((await browser.get("/console/emails?status=bounced")).status).toBe(400);
    const teacher = await signedInPageClient(runtime, s.tenantId, "teacher");
    expect((await teacher.get("/console/emails")).status).toBe(403);
    // The API filters the same way.
    const token = (
      await api<{ token: string }>("POST", "/v1/sessions", {
        json: { tenantId: s.tenantId, username: "admin", password: staffPassword },
      })
    ).body.token;
    const sent = await api<{ items: { to: string }[] }>("GET", "/v1/emails?status=sent", { token });
    expect(sent.body.items.map((e) => e.to)).toEqual(["person1@school.example"]);
  });
});

describe("/console/api-keys", () => {
  it("creates a key shown once on the POST's answer, lists it without the key, and revokes it when confirmed", async () => {
    const s = await createTestTenant(runtime);
    const other = await createTestTenant(runtime);
    await addUser(runtime, s.tenantId, "head", ["headteacher", "staff"]);
    const browser = await signedInPageClient(runtime, s.tenantId, "admin");
    const page = await browser.get("/console/api-keys");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="key-name">Name</label>');
    const csrf = page.csrf ?? "";

    expect((await browser.post("/console/api-keys", { name: "MIS sync" })).status).toBe(403);
    const blank = await browser.post("/console/api-keys", { csrf, name: "   " });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain("Give the key a name.");
    const wrong = await browser.post("/console/api-keys", { csrf, name: "MIS sync", password: "not mine" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That is not your password: no key was made.");
    expect(await runtime.deps().tenants.listApiKeys(s.tenantId)).toHaveLength(1);
    const created = await browser.post("/console/api-keys", {
      csrf,
      name: "MIS sync",
      password: staffPassword,
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(created.text).toContain("it is shown this once");
    const key = /<code class="key" id="new-key" tabindex="0">([^<]+)<\/code>/.exec(created.text)?.[1] ?? "";
    expect(key.length).toBeGreaterThan(20);
    expect((await api("GET", "/v1/tenant", { apiKey: key })).status).toBe(200);
    const listed = await browser.get("/console/api-keys");
    expect(listed.text).toContain('<th scope="row">MIS sync</th>');
    expect(listed.text).toContain("<td>admin Tester</td>");
    expect(listed.text).not.toContain(key);
    const keyId =
      /<th scope="row">MIS sync<\/th>.*?name="keyId" value="([^"]+)"/.exec(listed.text)?.[1] ?? "";
    expect(keyId).not.toBe("");

    // Refused: no token, no confirmation, another school's key, a role without the right.
    expect((await browser.post("/console/api-keys/revoke", { keyId, confirm: "yes" })).status).toBe(403);
    const unconfirmed = await browser.post("/console/api-keys/revoke", { csrf, keyId });
    expect(unconfirmed.status).toBe(422);
    const otherKeys = await runtime.deps().tenants.listApiKeys(other.tenantId);
    const foreign = await browser.post("/console/api-keys/revoke", {
      csrf,
      keyId: otherKeys[0]?.keyId ?? "",
      confirm: "yes",
    });
    expect(foreign.status).toBe(404);
    expect((await api("GET", "/v1/tenant", { apiKey: other.apiKey })).status).toBe(200);
    const head = await signedInPageClient(runtime, s.tenantId, "head");
    expect((await head.get("/console/api-keys")).status).toBe(403);
    const headPage = await head.get("/console");
    expect(headPage.text).not.toContain('href="/console/api-keys"');
    expect(
      (
        await head.post("/console/api-keys", {
          csrf: headPage.csrf ?? "",
          name: "sneaky",
          password: staffPassword,
        })
      ).status,
    ).toBe(403);
    expect(
      (await head.post("/console/api-keys/revoke", { csrf: headPage.csrf ?? "", keyId, confirm: "yes" }))
        .status,
    ).toBe(403);
    expect((await api("GET", "/v1/tenant", { apiKey: key })).status).toBe(200);
    expect((await runtime.deps().tenants.listApiKeys(s.tenantId)).map((k) => k.name).sort()).toEqual([
      "MIS sync",
      "test",
    ]);

    const revoked = await browser.post("/console/api-keys/revoke", { csrf, keyId, confirm: "yes" });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe("/console/api-keys?done=revoked");
    expect((await browser.get("/console/api-keys?done=revoked")).text).toContain("The key has been revoked");
    expect((await api("GET", "/v1/tenant", { apiKey: key })).status).toBe(401);
    expect((await api("GET", "/v1/tenant", { apiKey: s.apiKey })).status).toBe(200);
  });
});
