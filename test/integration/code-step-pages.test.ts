import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { enrolDevice, pageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const sessionCookie = "__Host-lk-session";
const mfaCookie = "__Host-lk-mfa";
const challengeCookie = "__Host-lk-challenge";

describe("the code step of a school account", () => {
  it("asks a school account with an authenticator too, and sends a browser without a challenge to sign in", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "coded.staff", ["staff"]);
    const session = await api<{ token: string }>("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username: "coded.staff", password: staffPassword },
    });
    const device = await enrolDevice(api, session.body.token);
    const browser = pageClient(runtime);
    const bare = await browser.get(`/sign-in/code?tenant=${tenant.tenantId}`);
    expect(bare.status).toBe(303);
    expect(bare.location).toBe(`/sign-in?tenant=${tenant.tenantId}`);
    // A session token planted as the challenge is not one (its own audience): back to sign in, nothing issued.
    browser.jar.set("__Host-lk-mfa", session.body.token);
    const planted = await browser.get(`/sign-in/code?tenant=${tenant.tenantId}`);
    const posted = await browser.post("/sign-in/code", {
      csrf: planted.csrf ?? "",
      tenant: tenant.tenantId,
      code: codeFromUri(device.uri, new Date()),
    });
    expect(posted.location).toBe(`/sign-in?tenant=${tenant.tenantId}`);
    expect(browser.jar.has(mfaCookie)).toBe(false);
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
    const signIn = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: tenant.tenantId,
      username: "coded.staff",
      password: staffPassword,
    });
    expect(signIn.location).toBe(`/sign-in/code?tenant=${tenant.tenantId}`);
    const step = await browser.get(signIn.location ?? "");
    const done = await browser.post("/sign-in/code", {
      csrf: step.csrf ?? "",
      tenant: tenant.tenantId,
      code: codeFromUri(device.uri, new Date()),
    });
    expect(done.location).toBe("/console");
    expect((await browser.get("/account")).text).toContain("<dd>coded.staff</dd>");
  });

  it("follows the new-password step when the account has an authenticator: a first or reset password never bypasses it", async () => {
    const tenant = await createTestTenant(runtime);
    const staff = await addUser(runtime, tenant.tenantId, "returning.staff", ["staff"]);
    const own = await api<{ token: string }>("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username: "returning.staff", password: staffPassword },
    });
    const device = await enrolDevice(api, own.body.token);
    const admin = await api<{ token: string }>("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
    });
    const reset = await api<{ password: string }>("POST", `/v1/users/${staff.userId}/temporary-password`, {
      token: admin.body.token,
      json: { password: staffPassword },
    });
    expect(reset.status).toBe(201);

    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
    const first = await browser.post("/sign-in", {
      csrf: form.csrf ?? "",
      tenant: tenant.tenantId,
      username: "returning.staff",
      password: reset.body.password,
    });
    expect(first.location).toBe(`/sign-in/new-password?tenant=${tenant.tenantId}`);
    const step = await browser.get(first.location ?? "");
    const newPassword = "a-new-page-for-the-new-term-9";
    const chosen = await browser.post("/sign-in/new-password", {
      csrf: step.csrf ?? "",
      tenant: tenant.tenantId,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(chosen.status).toBe(303);
    expect(chosen.location).toBe(`/sign-in/code?tenant=${tenant.tenantId}`);
    expect(browser.jar.has(challengeCookie)).toBe(false);
    expect(browser.jar.has(mfaCookie)).toBe(true);
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const code = await browser.get(chosen.location ?? "");
    const done = await browser.post("/sign-in/code", {
      csrf: code.csrf ?? "",
      tenant: tenant.tenantId,
      code: codeFromUri(device.uri, new Date()),
    });
    expect(done.location).toBe("/console");
    const me = await api<{ session: { secondFactor: boolean } }>("GET", "/v1/me/authenticators", {
      token: browser.jar.get(sessionCookie) ?? "",
    });
    expect(me.body.session.secondFactor).toBe(true);
  });

  it("accepts one code once when five browsers post it at the same moment", async () => {
    const tenant = await createTestTenant(runtime);
    await addUser(runtime, tenant.tenantId, "racing.staff", ["staff"]);
    const own = await api<{ token: string }>("POST", "/v1/sessions", {
      json: { tenantId: tenant.tenantId, username: "racing.staff", password: staffPassword },
    });
    const device = await enrolDevice(api, own.body.token);
    const browsers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const browser = pageClient(runtime);
        const form = await browser.get(`/sign-in?tenant=${tenant.tenantId}`);
        const signIn = await browser.post("/sign-in", {
          csrf: form.csrf ?? "",
          tenant: tenant.tenantId,
          username: "racing.staff",
          password: staffPassword,
        });
        const step = await browser.get(signIn.location ?? "");
        return { browser, csrf: step.csrf ?? "" };
      }),
    );
    const code = codeFromUri(device.uri, new Date());
    const answers = await Promise.all(
      browsers.map(({ browser, csrf }) =>
        browser.post("/sign-in/code", { csrf, tenant: tenant.tenantId, code }),
      ),
    );
    expect(answers.filter((a) => a.location === "/console")).toHaveLength(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(4);
    expect(browsers.filter(({ browser }) => browser.jar.has(sessionCookie))).toHaveLength(1);
  });
});
