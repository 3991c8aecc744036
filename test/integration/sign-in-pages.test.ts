import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import {
  addUser,
  clearOfWindowEdge,
  client,
  createTestTenant,
  staffPassword,
  startTestRuntime,
} from "./harness.js";
import { disableUser, pageClient, staffWithTemporaryPassword } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  tenant = await createTestTenant(runtime);
});
afterAll(async () => runtime?.stop());

const sessionCookie = "__Host-lk-session";
const ownPassword = "a-quiet-river-at-dawn-2026";

async function signedIn(username: string) {
  await addUser(runtime, tenant.tenantId, username, ["staff"]);
  const browser = pageClient(runtime);
  const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
  const response = await browser.post("/sign-in", {
    csrf: form.csrf ?? "",
    tenant: tenant.tenantId,
    username,
    password: staffPassword,
  });
  expect(response.location).toBe("/console");
  return browser;
}

describe("hosted sign-in pages", () => {
  it("takes a temporary password through the new-password step to the account page, then signs out", async () => {
    const staff = await staffWithTemporaryPassword(runtime, api, tenant, "first.timer");
    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<p class="school">School ${tenant.tenantId}</p>`);
    expect(form.headers.get("content-security-policy")).toContain("default-src 'none'");

    const wrong = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: tenant.tenantId,
      username: staff.username,
      password: "not-it",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("The username or password is not right.");

    const first = await browser.post("/sign-in", {
      csrf: wrong.csrf ?? "",
      tenant: tenant.tenantId,
      username: staff.username,
      password: staff.temporaryPassword,
    });
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/sign-in/new-password?tenant=${tenant.tenantId}`);
    expect(first.setCookies.find((c) => c.startsWith("__Host-lk-challenge="))).toMatch(
      /; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const step = await browser.get(first.location ?? "");
    expect(step.status).toBe(200);
    expect(step.text).not.toContain(browser.jar.get("__Host-lk-challenge") ?? "-");
    // Without the form token nothing happens: the challenge still works afterwards.
    const forged = await browser.post("/sign-in/new-password", {
      tenant: tenant.tenantId,
      newPassword: "chosen-by-an-attacker-2026",
      confirmPassword: "chosen-by-an-attacker-2026",
    });
    expect(forged.status).toBe(403);
    const mismatch = await browser.post("/sign-in/new-password", {
      csrf: step.csrf ?? "",
      tenant: tenant.tenantId,
      newPassword: ownPassword,
      confirmPassword: `${ownPassword}x`,
    });
    expect(mismatch.status).toBe(422);
    const done = await browser.post("/sign-in/new-password", {
      csrf: mismatch.csrf ?? "",
      tenant: tenant.tenantId,
      newPassword: ownPassword,
      confirmPassword: ownPassword,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/console");
    expect(done.setCookies.find((c) => c.startsWith(`${sessionCookie}=`))).toMatch(
      /; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(browser.jar.has("__Host-lk-challenge")).toBe(false);

    const account = await browser.get("/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain("Sam Page");
    expect(account.text).toContain("<dd>staff</dd>");
    expect(account.text).toContain('href="/security-keys"');
    // The cookie holds the API's own session token.
    const token = browser.jar.get(sessionCookie) ?? "";
    expect((await api("GET", "/v1/me", { token })).status).toBe(200);

    const out = await browser.post("/sign-out", { csrf: account.csrf ?? "" });
    expect(out.status).toBe(303);
    expect(out.location).toBe(`/sign-in?tenant=${tenant.tenantId}`);
    expect(browser.jar.has(sessionCookie)).toBe(false);
    expect((await api("GET", "/v1/me", { token })).status).toBe(401);

    const again = pageClient(runtime);
    const form2 = await again.get(`/sign-in?tenant=${tenant.tenantId}`);
    const back = await again.post("/sign-in", {
      csrf: form2.csrf ?? "",
      tenant: tenant.tenantId,
      username: staff.username,
      password: ownPassword,
    });
    expect(back.location).toBe("/console");
  });

  it("refuses a sign-out without the session's form token, with a made-up one, or from another site, and stays signed in", async () => {
    const browser = await signedIn("csrf.target");
    const account = await browser.get("/account");
    const token = browser.jar.get(sessionCookie) ?? "";
    for (const [form, headers] of [
      [{}, {}],
      [{ csrf: "made-up" }, {}],
      [{ csrf: account.csrf ?? "" }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ] as const) {
      const refused = await browser.post("/sign-out", form, headers);
      expect(refused.status).toBe(403);
    }
    expect((await api("GET", "/v1/me", { token })).status).toBe(200);
    expect((await browser.get("/account")).status).toBe(200);
  });

  it("refuses a sign-in posted without the browser's pre-session cookie (login CSRF)", async () => {
    await addUser(runtime, tenant.tenantId, "login.csrf", ["staff"]);
    const attacker = pageClient(runtime);
    const form = await attacker.get(`/sign-in?tenant=${tenant.tenantId}`);
    const victim = pageClient(runtime);
    const forged = await victim.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: tenant.tenantId,
      username: "login.csrf",
      password: staffPassword,
    });
    expect(forged.status).toBe(403);
    expect(victim.jar.has(sessionCookie)).toBe(false);
  });

  it("sends a session ended through the API, or of a disabled user, back to sign-in on its next page", async () => {
    const browser = await signedIn("api.signout");
    const token = browser.jar.get(sessionCookie) ?? "";
    expect((await api("DELETE", "/v1/sessions/current", { token })).status).toBe(204);
    const next = await browser.get("/account");
    expect(next.status).toBe(303);
    expect(next.location).toBe(`/sign-in?tenant=${tenant.tenantId}`);
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const other = await signedIn("to.disable");
    const user = await runtime.deps().users.findByUsername(tenant.tenantId, "to.disable");
    await disableUser(runtime, tenant.tenantId, user?.userId ?? "");
    expect((await other.get("/account")).location).toBe(`/sign-in?tenant=${tenant.tenantId}`);
  });

  it("shows one message for an unknown user", async () => {
    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
    const nobody = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: tenant.tenantId,
      username: "nobody.here",
      password: "whatever",
    });
    expect(nobody.status).toBe(401);
    expect(nobody.text).toContain("The username or password is not right.");
    expect(nobody.text).toContain('value="nobody.here"');
    expect(nobody.text).not.toContain("whatever");
    const markup = await browser.post("/sign-in", {
      csrf: nobody.csrf ?? "",
      tenant: tenant.tenantId,
      username: '"><b>bold</b>',
      password: "whatever",
    });
    expect(markup.status).toBe(401);
    expect(markup.text).not.toContain("<b>bold</b>");
    expect(markup.text).toContain("&lt;b&gt;bold");
  });

  it("keeps the API's per-address limit: after 50 failures the page answers 429 with Retry-After, evaluating nothing", async () => {
    await clearOfWindowEdge();
    const school = await createTestTenant(runtime);
    for (let batch = 0; batch < 5; batch++) {
      const failures = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          api("POST", "/v1/sessions", {
            json: { tenantId: school.tenantId, username: `nobody.${batch}.${i}`, password: "wrong" },
          }),
        ),
      );
      expect(failures.map((f) => f.status)).toEqual(failures.map(() => 401));
    }
    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${school.tenantId}`);
    const limited = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: school.tenantId,
      username: "admin",
      password: staffPassword,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(browser.jar.has(sessionCookie)).toBe(false);
  });

  it("answers 404 for an unknown school and a plain message without one", async () => {
    const browser = pageClient(runtime);
    expect((await browser.get("/sign-in?tenant=no-such-school")).status).toBe(404);
    expect((await browser.get("/sign-in")).text).toContain("needs your school");
    expect((await browser.get("/sign-in/new-password")).location).toBe("/sign-in");
  });
});
