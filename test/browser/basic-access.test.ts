import { describe, expect, it } from "vitest";
import { defaultTwoFactorRoles } from "../../lib/domain/model.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { createTestTenant, staffPassword } from "../integration/harness.js";
import { browserSuite, checkpoint } from "./browser.js";

const suite = browserSuite({ pollers: false });

const journey = "basic-access";

describe("a higher-access user's basic access in Chromium", () => {
  it("says a site admin without an authenticator has basic access, leads to security keys, and gives full access after a code", async () => {
    const tenant = await createTestTenant(suite.runtime, undefined, {
      twoFactorRoles: defaultTwoFactorRoles,
    });
    const context = await suite.newContext();
    const page = await context.newPage();
    const signIn = async () => {
      await page.goto(`/sign-in?tenant=${tenant.tenantId}`);
      await page.getByLabel("Username").fill("admin");
      await page.getByLabel("Password", { exact: true }).fill(staffPassword);
      await page.getByRole("button", { name: "Sign in" }).click();
    };
    await signIn();
    await page.waitForURL(/\/console$/);
    expect(await page.getByRole("status").textContent()).toContain("You have basic access only");
    await page.getByRole("link", { name: "Your account" }).first().click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator("dl").textContent()).toContain("staff");
    expect(await page.locator("dl").textContent()).not.toContain("site-admin");
    await checkpoint(page, journey, "01-basic-access");

    await page.getByRole("link", { name: "Add an authenticator app" }).click();
    await page.waitForURL(/\/security-keys$/);
    await checkpoint(page, journey, "02-security-keys");
    await page.getByRole("button", { name: "Add new device" }).click();
    const key = ((await page.locator("figcaption code").textContent()) ?? "").replaceAll(" ", "");
    const uri = `otpauth://totp/x?secret=${key}`;
    await page.getByLabel("Name of the device").fill("Office phone");
    // A wrong code first: the form again, without the QR code, and nothing saved.
    await page.getByLabel("The 6-digit code the app shows now").fill("000000");
    await page.getByRole("button", { name: "Save this device" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("The code was not accepted");
    await checkpoint(page, journey, "03-wrong-code");
    // The code the app showed a moment ago (the previous step is still accepted): the sign-in below can use the
    // current one without waiting for the next 30-second step.
    await page
      .getByLabel("The 6-digit code the app shows now")
      .fill(codeFromUri(uri, new Date(Date.now() - 30_000)));
    await page.getByRole("button", { name: "Save this device" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Device saved");
    await checkpoint(page, journey, "04-device-saved");
    await page.getByRole("link", { name: "Back to security keys" }).click();
    expect(await page.locator("table").textContent()).toContain("Office phone");
    await checkpoint(page, journey, "05-device-listed");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in\?tenant=/);
    await signIn();
    await page.waitForURL(/\/sign-in\/code/);
    await page.getByLabel("Code", { exact: true }).fill(codeFromUri(uri, new Date()));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/console$/);
    expect(await page.getByRole("status").count()).toBe(0);
    await page.goto("/account");
    expect(await page.locator("dl").textContent()).toContain("site-admin, staff");
    await checkpoint(page, journey, "06-full-access");
  });
});
