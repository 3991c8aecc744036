import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import {
  addUser,
  client,
  createTestTenant,
  staffPassword,
  startTestRuntime,
} from "../integration/harness.js";
import { disableUser, staffWithTemporaryPassword } from "../integration/pages.js";
import { checkpoint, connectBrowser, newContext } from "./browser.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime({ pollers: false }), connectBrowser()]);
  api = client(runtime);
  tenant = await createTestTenant(runtime);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await runtime?.stop();
});

const ownPassword = "a-lantern-over-the-hill-2026";
const school = () => `School ${tenant.tenantId}`;

async function freshPage(): Promise<Page> {
  const context = await newContext(browser, runtime.apiUrl);
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`/sign-in?tenant=${tenant.tenantId}`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const sessionCookie = async (page: Page) =>
  (await page.context().cookies()).find((c) => c.name === "__Host-lk-session");

describe("the first sign-in journey in Chromium", () => {
  it("takes an admin-created user from the temporary password to their own, to the account page, out and in again", async () => {
    const staff = await staffWithTemporaryPassword(runtime, api, tenant, "journey.person");
    const page = await freshPage();
    await page.goto(`/sign-in?tenant=${tenant.tenantId}`);
    await expect.poll(() => page.locator("header .school").textContent()).toBe(school());
    await checkpoint(page, "first-sign-in", "01-sign-in");

    await page.getByLabel("Username").fill(staff.username);
    await page.getByLabel("Password", { exact: true }).fill(staff.temporaryPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in\/new-password/);
    await checkpoint(page, "first-sign-in", "02-new-password");

    await page.getByLabel("New password", { exact: true }).fill(ownPassword);
    await page.getByLabel("New password again").fill(ownPassword);
    await page.getByRole("button", { name: "Set my password" }).click();
    await page.waitForURL(/\/console$/);
    expect(await page.locator("main").textContent()).toContain("Sam Page");
    expect(await page.locator("header .school").textContent()).toBe(school());
    await checkpoint(page, "first-sign-in", "03-account");

    // Chromium takes the Secure, __Host- cookies on http://127.0.0.1 (a secure context).
    const cookie = await sessionCookie(page);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect((await page.context().cookies()).find((c) => c.name === "__Host-lk-challenge")).toBeUndefined();
    expect(await page.evaluate("document.cookie")).toBe("");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in\?tenant=/);
    expect(await sessionCookie(page)).toBeUndefined();
    expect((await api("GET", "/v1/me", { token: cookie?.value ?? "" })).status).toBe(401);
    await checkpoint(page, "first-sign-in", "04-signed-out");

    await signIn(page, staff.username, ownPassword);
    await page.waitForURL(/\/console$/);
    await checkpoint(page, "first-sign-in", "05-signed-in-again");
  });

  it("shows one message for a wrong password, and the form again", async () => {
    await addUser(runtime, tenant.tenantId, "wrong.typer", ["staff"]);
    const page = await freshPage();
    await signIn(page, "wrong.typer", "not-my-password");
    expect(await page.getByRole("alert").textContent()).toContain("The username or password is not right.");
    expect(await page.getByLabel("Username").inputValue()).toBe("wrong.typer");
    await checkpoint(page, "sign-in-refused", "01-wrong-password");
  });
});

describe("page sessions in Chromium", () => {
  let attacker: Server;
  beforeAll(async () => {
    // Another site (localhost is not the same site as 127.0.0.1) with a form that posts to the service.
    attacker = createServer((req, res) => {
      const target = new URL(req.url ?? "/", "http://x").searchParams.get("target") ?? "";
      const csrf = new URL(req.url ?? "/", "http://x").searchParams.get("csrf") ?? "";
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><html lang="en"><title>Win a prize</title><form method="post" action="${target}"><input type="hidden" name="csrf" value="${csrf}"><button>Claim</button></form></html>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, "localhost", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  it("refuses a POST without or with a wrong form token, or from another site with the right one, and stays signed in", async () => {
    await addUser(runtime, tenant.tenantId, "csrf.person", ["staff"]);
    const page = await freshPage();
    await signIn(page, "csrf.person", staffPassword);
    await page.waitForURL(/\/console$/);
    const token = (await sessionCookie(page))?.value ?? "";
    const csrf = (await page.locator('header input[name="csrf"]').getAttribute("value")) ?? "";
    const origin = new URL(runtime.apiUrl).origin;
    const post = (form: Record<string, string>) =>
      page.request.post("/sign-out", { form, headers: { origin }, maxRedirects: 0 });
    expect((await post({})).status()).toBe(403);
    expect((await post({ csrf: `${csrf.slice(0, -2)}AA` })).status()).toBe(403);

    const port = (attacker.address() as AddressInfo).port;
    const evil = await page.context().newPage();
    await evil.goto(
      `http://localhost:${port}/?target=${encodeURIComponent(`${runtime.apiUrl}/sign-out`)}&csrf=${csrf}`,
    );
    const answer = evil.waitForResponse((r) => r.url().endsWith("/sign-out"));
    await evil.getByRole("button", { name: "Claim" }).click();
    expect((await answer).status()).toBe(403);
    await checkpoint(evil, "page-sessions", "01-cross-site-post-refused");

    expect((await api("GET", "/v1/me", { token })).status).toBe(200);
    await page.goto("/account");
    expect(new URL(page.url()).pathname).toBe("/account");
  });

  it("sends a session signed out through the API, or of a disabled user, back to sign-in on its next page", async () => {
    await addUser(runtime, tenant.tenantId, "api.out", ["staff"]);
    const disabled = await addUser(runtime, tenant.tenantId, "gets.disabled", ["staff"]);
    const [first, second] = await Promise.all([freshPage(), freshPage()]);
    await Promise.all([
      signIn(first, "api.out", staffPassword),
      signIn(second, "gets.disabled", staffPassword),
    ]);
    await Promise.all([first.waitForURL(/\/console$/), second.waitForURL(/\/console$/)]);

    const token = (await sessionCookie(first))?.value ?? "";
    expect((await api("DELETE", "/v1/sessions/current", { token })).status).toBe(204);
    await disableUser(runtime, tenant.tenantId, disabled.userId);

    for (const page of [first, second]) {
      await page.goto("/account");
      expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(
        `/sign-in?tenant=${tenant.tenantId}`,
      );
      expect(await sessionCookie(page)).toBeUndefined();
    }
    await checkpoint(first, "page-sessions", "02-revoked-back-to-sign-in");
  });
});
