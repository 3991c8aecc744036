import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { identityOwner } from "../../lib/domain/identity.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { type client, createTestTenant, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";
import { enrolDevice, pageClient, totpStep } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let fx: ReturnType<typeof latchkeyIdFixtures>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  fx = latchkeyIdFixtures(runtime);
  api = fx.api;
});
afterAll(async () => runtime?.stop());

const sessionCookie = "__Host-lk-session";
const mfaCookie = "__Host-lk-mfa";

/** A browser signed in at `tenantId` with the Latchkey ID's form. */
async function identitySignIn(email: string, tenantId: string, password = fx.idPassword) {
  const browser = pageClient(runtime);
  const form = await browser.get(`/sign-in?tenant=${tenantId}&provider=latchkey-id`);
  const response = await browser.post("/sign-in/latchkey-id", {
    csrf: form.csrf ?? "",
    tenant: tenantId,
    email,
    password,
  });
  return { browser, response };
}

describe("signing in with a Latchkey ID on a school's page", () => {
  it("offers the choice, remembers it, signs in at that school only, with one message for every failure", async () => {
    const email = "page.jo@trust.example";
    const [a, b] = await fx.linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    const outsider = await createTestTenant(runtime);
    const browser = pageClient(runtime);

    const school = await browser.get(`/sign-in?tenant=${a.tenantId}`);
    expect(school.text).toContain(`href="/sign-in?tenant=${a.tenantId}&amp;provider=latchkey-id"`);
    expect(school.text).toContain('name="username"');
    const chosen = await browser.get(`/sign-in?tenant=${a.tenantId}&provider=latchkey-id`);
    expect(chosen.status).toBe(200);
    expect(chosen.text).toContain(`<p class="school">School ${a.tenantId}</p>`);
    expect(chosen.text).toContain("Single sign-on");
    expect(chosen.text).toContain('action="/sign-in/latchkey-id"');
    expect(chosen.setCookies.find((c) => c.startsWith("__Host-lk-provider=latchkey-id"))).toMatch(
      /HttpOnly; Secure; SameSite=Lax$/,
    );
    // The browser remembers the choice: the plain address shows the Latchkey ID's form again.
    const remembered = await browser.get(`/sign-in?tenant=${a.tenantId}`);
    expect(remembered.text).toContain('name="email"');
    expect(remembered.text).not.toContain('name="username"');

    const forged = await browser.post("/sign-in/latchkey-id", {
      tenant: a.tenantId,
      email,
      password: fx.idPassword,
    });
    expect(forged.status).toBe(403);
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const failures = [];
    for (const [tenant, login, password] of [
      [a.tenantId, email, "not-the-password"],
      [a.tenantId, "nobody@trust.example", fx.idPassword],
      [outsider.tenantId, email, fx.idPassword],
    ] as const) {
      const form = await browser.get(`/sign-in?tenant=${tenant}`);
      const refused = await browser.post("/sign-in/latchkey-id", {
        csrf: form.csrf ?? "",
        tenant,
        email: login,
        password,
      });
      failures.push({ status: refused.status, alert: /role="alert"><p>([^<]*)</.exec(refused.text)?.[1] });
      expect(refused.text).not.toContain(password);
    }
    expect(failures).toEqual(Array(3).fill({ status: 401, alert: "The email or password is not right." }));
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const form = await browser.get(`/sign-in?tenant=${b.tenantId}`);
    const signedIn = await browser.post("/sign-in/latchkey-id", {
      csrf: form.csrf ?? "",
      tenant: b.tenantId,
      email,
      password: fx.idPassword,
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe("/console");
    const token = browser.jar.get(sessionCookie) ?? "";
    const me = await api<{ tenantId: string }>("GET", "/v1/tenant", { token });
    expect(me.body.tenantId).toBe(b.tenantId);
    const account = await browser.get("/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain(`<dd>School ${b.tenantId}</dd>`);
    expect(account.text).toContain("<dd>class-teacher, staff</dd>");
  });
  it("signs a Latchkey ID in on the page without a school, at the first of its schools, with the switcher for the others", async () => {
    const email = "anywhere.jo@trust.example";
    const schools = await fx.linkedPerson(email, 2);
    const [first, second] = schools.map((s) => s.tenantId).sort();
    const browser = pageClient(runtime);
    const page = await browser.get("/sign-in");
    expect(page.status).toBe(200);
    expect(page.text).toContain("needs your school");
    expect(page.text).toContain('action="/sign-in/latchkey-id"');
    expect(page.text).not.toContain('name="tenant"');
    const signedIn = await browser.post("/sign-in/latchkey-id", {
      csrf: page.csrf ?? "",
      email,
      password: fx.idPassword,
    });
    expect(signedIn.location).toBe("/console");
    expect(signedIn.setCookies.some((c) => c.startsWith(`__Host-lk-school=${first};`))).toBe(true);
    const account = await browser.get("/account");
    expect(account.text).toContain(`<p class="school">School ${first}</p>`);
    expect(account.text).toContain(`<option value="${second}">School ${second}</option>`);
  });
});

describe("the code step", () => {
  it("asks a Latchkey ID with an authenticator for a code, keeps the challenge in an HttpOnly cookie, and accepts a code once", async () => {
    const email = "code.jo@trust.example";
    const [a] = await fx.linkedPerson(email, 1);
    if (!a) throw new Error("no school");
    const first = await identitySignIn(email, a.tenantId);
    expect(first.response.location).toBe("/console");
    const device = await enrolDevice(api, first.browser.jar.get(sessionCookie) ?? "");

    const { browser, response } = await identitySignIn(email, a.tenantId);
    expect(response.status).toBe(303);
    expect(response.location).toBe(`/sign-in/code?tenant=${a.tenantId}`);
    expect(browser.jar.has(sessionCookie)).toBe(false);
    expect(response.setCookies.find((c) => c.startsWith(`${mfaCookie}=`))).toMatch(
      /; Path=\/; Max-Age=(\d+); HttpOnly; Secure; SameSite=Strict$/,
    );
    const maxAge = Number(/Max-Age=(\d+)/.exec(response.setCookies.join(" "))?.[1]);
    expect(maxAge).toBeGreaterThan(200);
    expect(maxAge).toBeLessThanOrEqual(300);

    const step = await browser.get(response.location ?? "");
    expect(step.status).toBe(200);
    expect(step.text).toContain(`<p class="school">School ${a.tenantId}</p>`);
    expect(step.text).not.toContain(browser.jar.get(mfaCookie) ?? "-");
    const used = totpStep();
    const code = codeFromUri(device.uri, new Date(used * 30_000));
    const forged = await browser.post("/sign-in/code", { tenant: a.tenantId, code });
    expect(forged.status).toBe(403);
    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await browser.post("/sign-in/code", {
      csrf: step.csrf ?? "",
      tenant: a.tenantId,
      code: wrongCode,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That code was not accepted.");
    expect(browser.jar.has(sessionCookie)).toBe(false);

    const done = await browser.post("/sign-in/code", { csrf: wrong.csrf ?? "", tenant: a.tenantId, code });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/console");
    expect(browser.jar.has(mfaCookie)).toBe(false);
    const me = await api<{ session: { secondFactor: boolean } }>("GET", "/v1/me/authenticators", {
      token: browser.jar.get(sessionCookie) ?? "",
    });
    expect(me.body.session.secondFactor).toBe(true);

    // The same code on a second sign-in is refused: a code works once.
    const other = await identitySignIn(email, a.tenantId);
    const otherStep = await other.browser.get(other.response.location ?? "");
    const replay = await other.browser.post("/sign-in/code", {
      csrf: otherStep.csrf ?? "",
      tenant: a.tenantId,
      code,
    });
    expect(replay.status).toBe(401);
    expect(other.browser.jar.has(sessionCookie)).toBe(false);

    // A recovery code signs in once instead.
    const recovery = device.recoveryCodes[0] ?? "";
    const recovered = await other.browser.post("/sign-in/code", {
      csrf: replay.csrf ?? "",
      tenant: a.tenantId,
      recoveryCode: recovery,
    });
    expect(recovered.location).toBe("/console");
    const third = await identitySignIn(email, a.tenantId);
    const thirdStep = await third.browser.get(third.response.location ?? "");
    const again = await third.browser.post("/sign-in/code", {
      csrf: thirdStep.csrf ?? "",
      tenant: a.tenantId,
      recoveryCode: recovery,
    });
    expect(again.status).toBe(401);
  });
});

describe("the forgot-password page", () => {
  it("offers the provider choice with a form token and the school's name, and answers the same page either way", async () => {
    const email = "forgot.jo@trust.example";
    const [a] = await fx.linkedPerson(email, 1);
    if (!a) throw new Error("no school");
    const browser = pageClient(runtime);
    const plain = await browser.get(`/forgot-password?tenant=${a.tenantId}`);
    expect(plain.status).toBe(200);
    expect(plain.text).toContain(`<p class="school">School ${a.tenantId}</p>`);
    expect(plain.text).toContain('value="school" checked');
    expect(plain.csrf).toBeDefined();
    // The Latchkey ID's sign-in form (the browser remembers it) leads to the Latchkey ID's choice.
    await browser.get(`/sign-in?tenant=${a.tenantId}&provider=latchkey-id`);
    const chosen = await browser.get(`/forgot-password?tenant=${a.tenantId}`);
    expect(chosen.text).toContain('value="latchkey-id" checked');

    const owner = identityOwner(email);
    const link = () => runtime.deps().passwordResets.get(owner.tenantId, owner.userId);
    const forged = await browser.post("/forgot-password", {
      tenant: a.tenantId,
      login: email,
      provider: "latchkey-id",
    });
    expect(forged.status).toBe(403);
    expect(await link()).toBeUndefined();

    const answers = [];
    for (const [login, provider] of [
      [email, "latchkey-id"],
      ["nobody@trust.example", "latchkey-id"],
      ["jo.rivers", "school"],
      ["nobody", "school"],
    ] as const) {
      const answer = await browser.post("/forgot-password", {
        csrf: chosen.csrf ?? "",
        tenant: a.tenantId,
        login,
        provider,
      });
      answers.push({ status: answer.status, text: answer.text });
    }
    expect(answers[0]?.status).toBe(200);
    expect(answers[0]?.text).toContain("Check your email");
    expect(answers[0]?.text).toContain(`<p class="school">School ${a.tenantId}</p>`);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await link()).toBeDefined();
  }, 60_000);
});
