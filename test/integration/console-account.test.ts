import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";
import { enrolDevice, pageClient, signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let fx: ReturnType<typeof latchkeyIdFixtures>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  fx = latchkeyIdFixtures(runtime);
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const signIn = (tenantId: string, username: string, password: string) =>
  api("POST", "/v1/sessions", { json: { tenantId, username, password } });

/** A browser signed in at `tenantId` with the Latchkey ID's form, landed on the console. */
async function identityBrowser(email: string, tenantId: string, password = fx.idPassword) {
  const browser = pageClient(runtime);
  const form = await browser.get(`/sign-in?tenant=${tenantId}&provider=latchkey-id`);
  const answer = await browser.post("/sign-in/latchkey-id", {
    csrf: form.csrf ?? "",
    tenant: tenantId,
    email,
    password,
  });
  expect(answer.location).toBe("/console");
  return browser;
}

describe("Account settings: change password", () => {
  it("links every account screen from /account and changes a school account's password, refusals on the form", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "kim", ["staff"]);
    expect((await pageClient(runtime).get("/account/password")).status).toBe(303);
    const browser = await signedInPageClient(runtime, tenant.tenantId, "kim");
    const account = await browser.get("/account");
    for (const href of ["/account/password", "/security-keys", "/account/schools"]) {
      expect(account.text).toContain(`href="${href}"`);
    }
    const form = await browser.get("/account/password");
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="currentPassword">Current password</label>');
    expect(form.text).toContain("At least 8 and at most 256 characters");
    const next = "a-brand-new-long-passphrase-9";
    const post = (fields: Record<string, string>) =>
      browser.post("/account/password", { csrf: form.csrf ?? "", ...fields });

    // No form token, or a wrong one: refused, nothing changed.
    const noCsrf = await browser.post("/account/password", {
      currentPassword: staffPassword,
      newPassword: next,
      confirmPassword: next,
    });
    expect(noCsrf.status).toBe(403);
    const crossSite = await browser.post(
      "/account/password",
      { csrf: form.csrf ?? "", currentPassword: staffPassword, newPassword: next, confirmPassword: next },
      { "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    expect(
      (
        await post({
          csrf: "forged",
          currentPassword: staffPassword,
          newPassword: next,
          confirmPassword: next,
        })
      ).status,
    ).toBe(403);
    // Refusals shown on the form (never the password typed back).
    const mismatch = await post({
      currentPassword: staffPassword,
      newPassword: next,
      confirmPassword: `${next}x`,
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain("The new password and its confirmation are not the same.");
    expect(mismatch.text).not.toContain(next);
    const short = await post({
      currentPassword: staffPassword,
      newPassword: "short",
      confirmPassword: "short",
    });
    expect(short.status).toBe(422);
    expect(short.text).toContain("The new password must be at least 8 characters.");
    expect(short.text).toContain('action="/account/password"');
    const common = await post({
      currentPassword: staffPassword,
      newPassword: "password123",
      confirmPassword: "password123",
    });
    expect(common.text).toContain("is too common");
    const wrong = await post({
      currentPassword: "not-my-password",
      newPassword: next,
      confirmPassword: next,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Your current password was not accepted.");
    expect((await signIn(tenant.tenantId, "kim", staffPassword)).status).toBe(201);

    const done = await post({ currentPassword: staffPassword, newPassword: next, confirmPassword: next });
    expect(done.status).toBe(303);
    // Every session of the account ends with the old password (this one too): sign in again with the new one.
    expect(done.location).toBe(`/sign-in?tenant=${encodeURIComponent(tenant.tenantId)}`);
    expect((await browser.get("/account")).location).toMatch(/^\/sign-in/);
    expect((await signIn(tenant.tenantId, "kim", staffPassword)).status).toBe(401);
    expect((await signIn(tenant.tenantId, "kim", next)).status).toBe(201);
  });

  it("changes a Latchkey ID's password (every school) and sends the person to sign in again", async () => {
    const email = "acct.pw@trust.example";
    const [a, b] = await fx.linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    const browser = await identityBrowser(email, a.tenantId);
    const form = await browser.get("/account/password");
    expect(form.text).toContain("You are signed in with your Latchkey ID");
    const next = "the-trust-wide-new-phrase-31";
    const done = await browser.post("/account/password", {
      csrf: form.csrf ?? "",
      currentPassword: fx.idPassword,
      newPassword: next,
      confirmPassword: next,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/sign-in?tenant=${a.tenantId}&provider=latchkey-id`);
    expect((await browser.get("/account")).status).toBe(303);
    expect((await fx.signIn(email, b.tenantId)).status).toBe(401);
    expect((await fx.signIn(email, b.tenantId, next)).status).toBe(201);
    // The school account's own password is untouched.
    expect((await identityBrowser(email, a.tenantId, next)).jar.size).toBeGreaterThan(0);
  });
});

describe("Account settings: your schools", () => {
  it("shows a plain account its one school", async () => {
    const tenant = await createTestTenant(runtime);
    const browser = await signedInPageClient(runtime, tenant.tenantId, "admin");
    const page = await browser.get("/account/schools");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`School ${tenant.tenantId}</strong>: it is your one school`);
    expect(page.text).not.toContain('action="/account/schools/leave"');
    // A plain account cannot leave (the use case refuses), even forged.
    const forged = await browser.post("/account/schools/leave", {
      csrf: page.csrf ?? "",
      tenantId: tenant.tenantId,
      confirm: "yes",
    });
    expect(forged.status).toBe(403);
    expect((await browser.get("/account")).status).toBe(200);
  });

  it("lists a Latchkey ID's schools, switches, and leaves one only when confirmed", async () => {
    const email = "acct.schools@trust.example";
    const schools = await fx.linkedPerson(email, 3);
    const [a, b, c] = schools;
    if (!a || !b || !c) throw new Error("no school");
    const other = await fx.linkedPerson("acct.other@trust.example", 1);
    const browser = await identityBrowser(email, a.tenantId);
    const page = await browser.get("/account/schools");
    expect(page.status).toBe(200);
    for (const s of schools) expect(page.text).toContain(`<th scope="row">School ${s.tenantId}</th>`);
    expect(page.text).toContain("Signed in here");
    expect(page.text).toContain(`aria-label="Switch to School ${b.tenantId}"`);
    const memberships = async () => {
      const token = (await fx.signIn(email, a.tenantId)).body.token;
      return (
        await api<{ items: { tenantId: string }[] }>("GET", "/v1/me/memberships", { token })
      ).body.items.map((m) => m.tenantId);
    };

    const leave = (fields: Record<string, string>) => browser.post("/account/schools/leave", fields);
    expect((await leave({ tenantId: c.tenantId, confirm: "yes" })).status).toBe(403);
    expect((await leave({ csrf: "forged", tenantId: c.tenantId, confirm: "yes" })).status).toBe(403);
    const unconfirmed = await leave({ csrf: page.csrf ?? "", tenantId: c.tenantId });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain("Tick the box to confirm");
    // Another person's school (not one of mine): not found, nothing changed.
    const foreign = await leave({
      csrf: page.csrf ?? "",
      tenantId: other[0]?.tenantId ?? "",
      confirm: "yes",
    });
    expect(foreign.status).toBe(404);
    expect((await memberships()).sort()).toEqual(schools.map((s) => s.tenantId).sort());

    const left = await leave({ csrf: page.csrf ?? "", tenantId: c.tenantId, confirm: "yes" });
    expect(left.status).toBe(303);
    expect(left.location).toBe("/account/schools?done=left");
    const after = await browser.get("/account/schools?done=left");
    expect(after.text).toContain("You have left that school");
    expect(after.text).not.toContain(`School ${c.tenantId}`);
    expect((await memberships()).sort()).toEqual([a.tenantId, b.tenantId].sort());

    // Switch from the page's form (the header's switch): the console of the other school.
    const switched = await browser.post("/switch-school", { csrf: after.csrf ?? "", tenantId: b.tenantId });
    expect(switched.location).toBe("/console");
    expect((await browser.get("/account")).text).toContain(`School ${b.tenantId}`);
  });
});

describe("/console/users/{userId}/security", () => {
  it("lets a site admin allow and withdraw a user's Latchkey ID and reset lost authenticators, rules shown", async () => {
    const s = await createTestTenant(runtime);
    const other = await createTestTenant(runtime);
    const jo = await addUser(runtime, s.tenantId, "jo", ["class-teacher", "staff"], "jo@trust.example");
    await addUser(runtime, s.tenantId, "head", ["headteacher", "staff"]);
    const joToken = (
      await api<{ token: string }>("POST", "/v1/sessions", {
        json: { tenantId: s.tenantId, username: "jo", password: staffPassword },
      })
    ).body.token;
    await enrolDevice(api, joToken, "Jo's phone");
    const base = `/console/users/${jo.userId}/security`;
    const admin = await signedInPageClient(runtime, s.tenantId, "admin");
    const page = await admin.get(base);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<h2>Latchkey ID</h2>");
    expect(page.text).toContain("It reaches only accounts whose schools allow it");
    expect(page.text).toContain('<span class="badge">Not allowed</span>');
    expect(page.text).toContain("<td>Jo&#39;s phone</td>");
    expect(page.text).toContain('<label for="admin-password">Your own password (to confirm)</label>');
    const csrf = page.csrf ?? "";
    const links = async () => runtime.deps().identities.links("jo@trust.example");

    // Refused: without a token, by a role without the right, for another school's user.
    expect((await admin.post(`${base}/latchkey-id`, { consent: "allow" })).status).toBe(403);
    const head = await signedInPageClient(runtime, s.tenantId, "head");
    const headPage = await head.get(base);
    expect(headPage.status).toBe(200);
    expect(headPage.text).not.toContain(`action="${base}/latchkey-id"`);
    expect(headPage.text).not.toContain(`action="${base}/reset"`);
    expect(
      (await head.post(`${base}/latchkey-id`, { csrf: headPage.csrf ?? "", consent: "allow" })).status,
    ).toBe(403);
    expect(
      (await head.post(`${base}/reset`, { csrf: headPage.csrf ?? "", password: staffPassword })).status,
    ).toBe(403);
    expect((await admin.get(`/console/users/${other.admin.userId}/security`)).status).toBe(404);
    expect(
      (
        await admin.post(`/console/users/${other.admin.userId}/security/latchkey-id`, {
          csrf,
          consent: "allow",
        })
      ).status,
    ).toBe(404);
    expect((await admin.post(`${base}/latchkey-id`, { csrf, consent: "maybe" })).status).toBe(400);
    expect((await links()).filter((l) => l.consentedAt)).toEqual([]);

    const allowed = await admin.post(`${base}/latchkey-id`, { csrf, consent: "allow" });
    expect(allowed.location).toBe(`${base}?done=allowed`);
    const after = await admin.get(`${base}?done=allowed`);
    expect(after.text).toContain("The school now allows this user&#39;s Latchkey ID.");
    expect(after.text).toContain('<span class="badge good">Allowed</span>');
    expect(after.text).toContain("by admin Tester");
    expect((await links()).find((l) => l.tenantId === s.tenantId)?.consentedAt).toEqual(expect.any(String));
    const withdrawn = await admin.post(`${base}/latchkey-id`, { csrf, consent: "withdraw" });
    expect(withdrawn.location).toBe(`${base}?done=withdrawn`);
    expect((await links()).find((l) => l.tenantId === s.tenantId)?.consentedAt).toBeUndefined();

    // Reset: the admin's own password; a wrong one is shown and changes nothing.
    const devices = async () =>
      runtime.deps().authenticators.list({ tenantId: s.tenantId, userId: jo.userId });
    expect((await admin.post(`${base}/reset`, { password: staffPassword })).status).toBe(403);
    const wrong = await admin.post(`${base}/reset`, { csrf, password: "not-my-password" });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Your password was not accepted: nothing was reset.");
    expect((await devices()).length).toBe(1);
    const reset = await admin.post(`${base}/reset`, { csrf, password: staffPassword });
    expect(reset.location).toBe(`${base}?done=reset`);
    expect((await devices()).length).toBe(0);
    const resetPage = await admin.get(`${base}?done=reset`);
    expect(resetPage.text).toContain("No authenticator app on this account.");
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${jo.userId}/events`, {
      token: (
        await api<{ token: string }>("POST", "/v1/sessions", {
          json: { tenantId: s.tenantId, username: "admin", password: staffPassword },
        })
      ).body.token,
    });
    expect(events.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "authenticators.reset-by-admin",
        "latchkey-id.consented",
        "latchkey-id.unlinked",
      ]),
    );
  });
});
