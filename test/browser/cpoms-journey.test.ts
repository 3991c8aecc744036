import { createHmac } from "node:crypto";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createIdentity } from "../../lib/app/operator/create-identity.js";
import { eventually, sentTo, startTestRuntime } from "../integration/harness.js";
import { latchkeyIdFixtures, type School } from "../integration/latchkey-id-fixtures.js";
import { checkpoint, connectBrowser, newContext } from "./browser.js";

let runtime: LocalRuntime;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [runtime, browser] = await Promise.all([startTestRuntime(), connectBrowser()]);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await runtime?.stop();
});

/**
 * RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps) of a base32 key, written here with node:crypto — not the
 * project's adapter, not otplib: what the person's authenticator app computes from the key it scanned.
 */
function totp(base32Key: string, step: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of base32Key.replace(/[\s=]/g, "").toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 30_000);
const journey = "cpoms-latchkey-id";
const email = "nadia.journey@trust.example";
const password = "one-password-for-all-my-schools-7";
const schoolName = (school: School) => `School ${school.tenantId}`;

describe("the CPOMS single sign-on journey in Chromium", () => {
  it("forgot password (Latchkey ID) → emailed link → set password → sign in → add device → sign out → sign in with a code → switch school", async () => {
    // Two schools where the person has an account; the operator created the Latchkey ID and both schools consented.
    const fx = latchkeyIdFixtures(runtime);
    const [a, b] = await fx.schoolsOf(email, 2);
    if (!a || !b) throw new Error("no school");
    await createIdentity(runtime.deps(), { email, tenantIds: [a.tenantId, b.tenantId] });
    for (const school of [a, b]) expect((await fx.consent(school)).status).toBe(200);

    context = await newContext(browser, runtime.apiUrl);
    const page = await context.newPage();
    const school = () => page.locator("header .school").textContent();

    // 1. The school's sign-in page → "Sign in with your Latchkey ID" (the browser remembers the choice).
    await page.goto(`/sign-in?tenant=${a.tenantId}`);
    expect(await school()).toBe(schoolName(a));
    await checkpoint(page, journey, "01-sign-in");
    await page.getByRole("link", { name: "Sign in with your Latchkey ID" }).click();
    await page.waitForURL(/provider=latchkey-id/);
    expect(await page.locator("main").textContent()).toContain("Single sign-on");
    await checkpoint(page, journey, "02-latchkey-id-sign-in");

    // 2. Forgotten your password → the Latchkey ID as the provider → the emailed link.
    await page.getByRole("link", { name: /Forgotten your password/ }).click();
    await page.waitForURL(/\/forgot-password/);
    expect(await page.getByLabel(/Latchkey ID/).isChecked()).toBe(true);
    await checkpoint(page, journey, "03-forgot-password");
    await page.getByRole("textbox", { name: "Username or email" }).fill(email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Check your email");
    await checkpoint(page, journey, "04-check-your-email");
    const sent = await eventually(async () =>
      (await sentTo(runtime, email)).find((e) => e.body.text?.includes("/reset-password?token=")),
    );
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(sent.body.text ?? "")?.[1];
    expect(link).toBeDefined();

    // 3. The link → set the password (the Latchkey ID's: the page names the email).
    await page.goto(link as string);
    expect(await page.locator("main").textContent()).toContain(email);
    await checkpoint(page, journey, "05-choose-password");
    await page.getByLabel("New password", { exact: true }).fill(password);
    await page.getByLabel("New password again").fill(password);
    await page.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Password changed");
    await checkpoint(page, journey, "06-password-changed");

    // 4. Back to the school's sign-in page: the Latchkey ID's form, remembered → the account page.
    const signIn = async () => {
      await page.goto(`/sign-in?tenant=${a.tenantId}`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    await signIn();
    await page.waitForURL(/\/console$/);
    expect(await school()).toBe(schoolName(a));
    await page.goto("/account");
    await checkpoint(page, journey, "07-account");

    // 5. Security keys → Add new device → the QR code; the "app" takes the key and shows the current code.
    await page.getByRole("link", { name: "Security keys" }).click();
    await page.waitForURL(/\/security-keys$/);
    await checkpoint(page, journey, "08-security-keys");
    await page.getByRole("button", { name: "Add new device" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Add new device");
    expect(await page.getByRole("img", { name: "QR code for your authenticator app" }).count()).toBe(1);
    await checkpoint(page, journey, "09-add-device");
    const key = (await page.locator("figcaption code").textContent()) ?? "";
    expect(key.replaceAll(" ", "")).toMatch(/^[A-Z2-7]{32}$/);
    const enrolledAt = stepNow();
    await page.getByLabel("Name of the device").fill("My phone");
    await page.getByLabel("The 6-digit code the app shows now").fill(totp(key, enrolledAt));
    await page.getByRole("button", { name: "Save this device" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Device saved");
    expect(await page.locator("ol.codes li").count()).toBe(10);
    await checkpoint(page, journey, "10-recovery-codes");

    // 6. Sign out, sign in again: now the code step.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in\?tenant=/);
    await checkpoint(page, journey, "11-signed-out");
    await signIn();
    await page.waitForURL(/\/sign-in\/code/);
    expect(await school()).toBe(schoolName(a));
    await checkpoint(page, journey, "12-code-step");
    // A code is accepted once: the app's next code comes with the next 30-second step (real time, no fake clock).
    while (stepNow() <= enrolledAt) await new Promise((resolve) => setTimeout(resolve, 250));
    await page.getByLabel("Code", { exact: true }).fill(totp(key, stepNow()));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/console$/);
    expect(await page.locator("header").textContent()).toContain(schoolName(a));
    await checkpoint(page, journey, "13-signed-in-with-code");

    // 7. The school switcher in the header: school B, without the password or code again.
    await page.getByLabel("School", { exact: true }).selectOption(b.tenantId);
    await page.getByRole("button", { name: "Switch" }).click();
    await page.waitForURL(/\/console$/);
    await expect.poll(school).toBe(schoolName(b));
    await page.goto("/account");
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain(schoolName(b));
    expect(main).toContain("class-teacher, staff");
    expect(await page.getByLabel("School", { exact: true }).inputValue()).toBe(b.tenantId);
    await checkpoint(page, journey, "14-switched-school");
  });
});
