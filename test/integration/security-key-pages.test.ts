import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { defaultTwoFactorRoles } from "../../lib/domain/model.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";
import { enrolDevice, pageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const sessionCookie = "__Host-lk-session";
const previousStep = () => new Date(Date.now() - 30_000);

/** The `otpauth://` URI an app would get from the add-device page: the key it shows, as the QR code carries it. */
function uriOfPage(text: string): string {
  const key = /<code>([A-Z2-7 ]+)<\/code>/.exec(text)?.[1]?.replaceAll(" ", "");
  expect(key).toBeDefined();
  return `otpauth://totp/x?secret=${key}`;
}

async function signInPage(tenantId: string, username: string) {
  const browser = pageClient(runtime);
  const form = await browser.get(`/sign-in?tenant=${tenantId}`);
  const response = await browser.post("/sign-in", {
    csrf: form.csrf ?? "",
    tenant: tenantId,
    username,
    password: staffPassword,
  });
  return { browser, response };
}

describe("the security keys pages", () => {
  it("takes a site admin with basic access through adding devices, recovery codes and removal, to a full session", async () => {
    const tenant = await createTestTenant(runtime, undefined, { twoFactorRoles: defaultTwoFactorRoles });
    expect((await pageClient(runtime).get("/security-keys")).status).toBe(303);
    const { browser } = await signInPage(tenant.tenantId, "admin");
    const account = await browser.get("/account");
    expect(account.text).toContain("You have basic access only: your site-admin access");
    expect(account.text).toContain('<a href="/security-keys">');
    const empty = await browser.get("/security-keys");
    expect(empty.status).toBe(200);
    expect(empty.text).toContain("No device yet.");
    const token = () => browser.jar.get(sessionCookie) ?? "";
    const devices = async () =>
      (await api<{ items: { name: string }[] }>("GET", "/v1/me/authenticators", { token: token() })).body
        .items;

    expect((await browser.post("/security-keys/add", {})).status).toBe(403);
    const added = await browser.post("/security-keys/add", { csrf: empty.csrf ?? "" });
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/<svg role="img" aria-label="QR code for your authenticator app"/);
    expect(added.text).not.toContain("data:");
    expect(added.headers.get("cache-control")).toBe("no-store");
    const phone = uriOfPage(added.text);
    const deviceId = /name="deviceId" value="([^"]+)"/.exec(added.text)?.[1] ?? "";

    const wrong = await browser.post("/security-keys/confirm", {
      csrf: added.csrf ?? "",
      deviceId,
      name: "My phone",
      code: codeFromUri(phone, new Date(Date.now() - 300_000)),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("The code was not accepted");
    expect(wrong.text).not.toContain("<svg");
    expect(await devices()).toEqual([]);
    const saved = await browser.post("/security-keys/confirm", {
      csrf: wrong.csrf ?? "",
      deviceId,
      name: "My phone",
      code: codeFromUri(phone, previousStep()),
    });
    expect(saved.status).toBe(200);
    const recovery = [...saved.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? "");
    expect(recovery).toHaveLength(10);
    const listed = await browser.get("/security-keys");
    expect(listed.text).toContain("<td>My phone</td>");
    expect(listed.text).not.toContain(new URL(phone).searchParams.get("secret") ?? "-");
    // With a device, a password-only session may not add another (a stolen password plants no device).
    expect(listed.text).not.toContain('action="/security-keys/add"');
    const planted = await browser.post("/security-keys/add", { csrf: listed.csrf ?? "" });
    expect(planted.status).toBe(403);
    expect(planted.text).toContain("sign in with its code");

    // Sign out and in again: the code step (a recovery code, once), then full access.
    expect((await browser.post("/sign-out", { csrf: listed.csrf ?? "" })).status).toBe(303);
    const signIn = async (recoveryCode: string) => {
      const again = await signInPage(tenant.tenantId, "admin");
      const step = await again.browser.get(again.response.location ?? "");
      expect(step.text).toContain('action="/sign-in/code"');
      const answer = await again.browser.post("/sign-in/code", {
        csrf: step.csrf ?? "",
        tenant: tenant.tenantId,
        recoveryCode,
      });
      return { browser: again.browser, answer };
    };
    const full = await signIn(recovery[0] ?? "");
    expect(full.answer.location).toBe("/console");
    const fullAccount = await full.browser.get("/account");
    expect(fullAccount.text).not.toContain("basic access");
    expect(fullAccount.text).toContain("<dd>site-admin, staff</dd>");
    const owner = full.browser;
    const fullToken = owner.jar.get(sessionCookie) ?? "";
    const fullDevices = async () =>
      (await api<{ items: { name: string }[] }>("GET", "/v1/me/authenticators", { token: fullToken })).body
        .items;

    // A second device: the name must be new; no recovery codes this time.
    const second = await owner.post("/security-keys/add", { csrf: fullAccount.csrf ?? "" });
    expect(second.status).toBe(200);
    const tablet = uriOfPage(second.text);
    const tabletId = /name="deviceId" value="([^"]+)"/.exec(second.text)?.[1] ?? "";
    const taken = await owner.post("/security-keys/confirm", {
      csrf: second.csrf ?? "",
      deviceId: tabletId,
      name: "my phone",
      code: codeFromUri(tablet, previousStep()),
    });
    expect(taken.status).toBe(409);
    const tabletSaved = await owner.post("/security-keys/confirm", {
      csrf: taken.csrf ?? "",
      deviceId: tabletId,
      name: "Tablet",
      code: codeFromUri(tablet, previousStep()),
    });
    expect(tabletSaved.status).toBe(303);
    expect(tabletSaved.location).toBe("/security-keys");
    expect((await fullDevices()).map((d) => d.name).sort()).toEqual(["My phone", "Tablet"]);

    // Removal needs a current, unused code; a refusal changes nothing.
    const page = await owner.get("/security-keys");
    const refused = await owner.post("/security-keys/remove", {
      csrf: page.csrf ?? "",
      deviceId: tabletId,
      code: "000000",
    });
    expect(refused.status).toBe(422);
    expect((await fullDevices()).length).toBe(2);
    const newCodes = await owner.post("/security-keys/recovery-codes", {
      csrf: page.csrf ?? "",
      code: codeFromUri(phone, new Date()),
    });
    expect(newCodes.status).toBe(200);
    const fresh = [...newCodes.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? "");
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recovery[1]);
    const early = await owner.post("/security-keys/remove", {
      csrf: page.csrf ?? "",
      deviceId: tabletId,
      code: codeFromUri(tablet, new Date(Date.now() + 30_000)),
    });
    // A code from the next step is not accepted yet (current and previous only).
    expect(early.status).toBe(422);
    const tabletStep = Math.floor(Date.now() / 30_000);
    const gone = await owner.post("/security-keys/remove", {
      csrf: page.csrf ?? "",
      deviceId: tabletId,
      code: codeFromUri(tablet, new Date(tabletStep * 30_000)),
    });
    expect(gone.location).toBe("/security-keys");
    expect((await fullDevices()).map((d) => d.name)).toEqual(["My phone"]);

    // The old set of recovery codes is void; the new one signs in.
    expect((await signIn(recovery[1] ?? "")).answer.status).toBe(401);
    expect((await signIn(fresh[0] ?? "")).answer.location).toBe("/console");
  });
});

describe("the school switcher", () => {
  it("lists a Latchkey ID's schools in the header and switches the page's session to another one", async () => {
    const fx = latchkeyIdFixtures(runtime);
    const email = "switch.jo@trust.example";
    const [a, b] = await fx.linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    const outsider = await createTestTenant(runtime);

    const plain = await signInPage(a.tenantId, "admin");
    expect((await plain.browser.get("/account")).text).not.toContain('action="/switch-school"');

    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${a.tenantId}&provider=latchkey-id`);
    await browser.post("/sign-in/latchkey-id", {
      csrf: form.csrf ?? "",
      tenant: a.tenantId,
      email,
      password: fx.idPassword,
    });
    const account = await browser.get("/account");
    expect(account.text).toContain('<form method="post" action="/switch-school"');
    expect(account.text).toContain(`<option value="${a.tenantId}" selected>School ${a.tenantId}</option>`);
    expect(account.text).toContain(`<option value="${b.tenantId}">School ${b.tenantId}</option>`);
    const oldToken = browser.jar.get(sessionCookie) ?? "";
    await enrolDevice(api, oldToken);

    expect((await browser.post("/switch-school", { tenantId: b.tenantId })).status).toBe(403);
    const notMine = await browser.post("/switch-school", {
      csrf: account.csrf ?? "",
      tenantId: outsider.tenantId,
    });
    expect(notMine.status).toBe(404);
    expect(browser.jar.get(sessionCookie)).toBe(oldToken);

    const switched = await browser.post("/switch-school", { csrf: account.csrf ?? "", tenantId: b.tenantId });
    expect(switched.status).toBe(303);
    expect(switched.location).toBe("/console");
    const newToken = browser.jar.get(sessionCookie) ?? "";
    expect(newToken).not.toBe(oldToken);
    const atB = await browser.get("/account");
    expect(atB.text).toContain(`<p class="school">School ${b.tenantId}</p>`);
    expect(atB.text).toContain(`<dd>School ${b.tenantId}</dd>`);
    expect(atB.text).toContain("<dd>class-teacher, staff</dd>");
    expect(atB.text).toContain(`<dt>Latchkey ID</dt><dd>${email}</dd>`);
    expect(atB.text).toContain(`<option value="${b.tenantId}" selected>`);
    expect((await api<{ tenantId: string }>("GET", "/v1/tenant", { token: newToken })).body.tenantId).toBe(
      b.tenantId,
    );
    // The old token (in no cookie any more) reaches only its own school.
    expect((await api<{ tenantId: string }>("GET", "/v1/tenant", { token: oldToken })).body.tenantId).toBe(
      a.tenantId,
    );
    // Choosing the session's own school changes nothing.
    const same = await browser.post("/switch-school", { csrf: atB.csrf ?? "", tenantId: b.tenantId });
    expect(same.location).toBe("/console");
    expect(browser.jar.get(sessionCookie)).toBe(newToken);
    // A Latchkey ID's authenticators are the identity's: the device added at A is listed at B.
    const keys = await browser.get("/security-keys");
    expect(keys.text).toContain("<td>My phone</td>");

    // School A withdraws its consent: the switcher has nothing to offer, and a forged switch there changes nothing.
    const withdrawn = await api("DELETE", `/v1/users/${a.joId}/latchkey-id`, { token: a.adminToken });
    expect(withdrawn.status).toBe(200);
    const alone = await browser.get("/account");
    expect(alone.text).not.toContain('action="/switch-school"');
    const refused = await browser.post("/switch-school", { csrf: keys.csrf ?? "", tenantId: a.tenantId });
    expect(refused.status).toBe(404);
    expect(browser.jar.get(sessionCookie)).toBe(newToken);
  });
});
