import { describe, expect, it } from "vitest";
import { addUser, client, createTestTenant, staffPassword } from "../integration/harness.js";
import { latchkeyIdFixtures } from "../integration/latchkey-id-fixtures.js";
import { browserSuite, checkpoint, signInToConsole } from "./browser.js";

const suite = browserSuite({ pollers: false });

async function newPage() {
  return (await suite.newContext()).newPage();
}

describe("Account settings (CPOMS) in the console, in Chromium", () => {
  it("a Latchkey ID person with two schools: console frame, security keys, change password, sign in with it, schools, switch", async () => {
    const journey = "console-cpoms";
    const fx = latchkeyIdFixtures(suite.runtime);
    const email = "nadia.console@trust.example";
    const [a, b] = await fx.linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    const page = await newPage();
    const school = () => page.locator("header .school").textContent();
    const signIn = async (password: string) => {
      await page.goto(`/sign-in?tenant=${a.tenantId}&provider=latchkey-id`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/console$/);
    };

    await signIn(fx.idPassword);
    expect(await school()).toBe(`School ${a.tenantId}`);
    expect(await page.getByRole("navigation", { name: "Console" }).textContent()).toContain("Your account");
    expect(await page.getByLabel("School", { exact: true }).count()).toBe(1);
    await checkpoint(page, journey, "01-console-home");

    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Your account" })
      .click();
    await page.waitForURL(/\/account$/);
    await checkpoint(page, journey, "02-your-account");
    await page.getByRole("link", { name: "Security keys" }).click();
    await page.waitForURL(/\/security-keys$/);
    expect(await page.locator("nav.console a[aria-current]").textContent()).toBe("Your account");
    await checkpoint(page, journey, "03-security-keys");

    // Change password, by keyboard only: the fields in order, a refusal first (the confirmation differs).
    await page.goto("/account/password");
    await checkpoint(page, journey, "04-change-password");
    const next = "nadia-new-trust-passphrase-84";
    await page.getByLabel("Current password").focus();
    await page.keyboard.type(fx.idPassword);
    await page.keyboard.press("Tab");
    await page.keyboard.type(next);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("confirmPassword");
    await page.keyboard.type(`${next}!`);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("are not the same");
    await checkpoint(page, journey, "05-password-refused");
    await page.getByLabel("Current password").focus();
    await page.keyboard.type(fx.idPassword);
    await page.keyboard.press("Tab");
    await page.keyboard.type(next);
    await page.keyboard.press("Tab");
    await page.keyboard.type(next);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/sign-in\?tenant=.*provider=latchkey-id/);
    await checkpoint(page, journey, "06-sign-in-again");

    await signIn(next);
    await page.goto("/account");
    await page.getByRole("link", { name: "Your schools" }).click();
    await page.waitForURL(/\/account\/schools$/);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await page.locator("tbody").textContent()).toContain("Signed in here");
    await checkpoint(page, journey, "07-your-schools");

    // Switch by keyboard: focus the row's Switch button, press Space.
    await page.getByRole("button", { name: `Switch to School ${b.tenantId}` }).focus();
    await page.keyboard.press("Space");
    await page.waitForURL(/\/console$/);
    expect(await school()).toBe(`School ${b.tenantId}`);
    await checkpoint(page, journey, "08-switched");
  });

  it("a site admin: audit filtered by kind, an API key created (shown once) and revoked, email status", async () => {
    const journey = "console-audit";
    const tenant = await createTestTenant(suite.runtime);
    const deliveries = suite.runtime.deps().emailDeliveries;
    const now = Date.now();
    for (const [n, to] of ["kim@school.example", "lee@school.example", "sam@school.example"].entries()) {
      const at = new Date(now - (3 - n) * 60_000).toISOString();
      await deliveries.recordQueued({
        tenantId: tenant.tenantId,
        emailId: `${at}-${n}`,
        layoutId: "PASSWORD_EMAIL_CHANGE",
        to,
        createdAt: at,
      });
      if (n === 0) await deliveries.markSent(tenant.tenantId, `${at}-${n}`, "ses-x", new Date(now));
      if (n === 1)
        await deliveries.markFailed(tenant.tenantId, `${at}-${n}`, "Address bounced", new Date(now));
    }
    const page = await newPage();
    await signInToConsole(page, tenant.tenantId, "admin", staffPassword);
    await checkpoint(page, journey, "01-console-home");

    await page.getByRole("link", { name: "API keys" }).first().click();
    await page.waitForURL(/\/console\/api-keys$/);
    await checkpoint(page, journey, "02-api-keys");
    await page.getByLabel("Name").fill("MIS sync");
    await page.getByLabel("Your password, to confirm").fill(staffPassword);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("it is shown this once");
    const key = (await page.locator("#new-key").textContent()) ?? "";
    expect((await client(suite.runtime)("GET", "/v1/tenant", { apiKey: key })).status).toBe(200);
    await checkpoint(page, journey, "03-key-shown-once");
    await page.goto("/console/api-keys");
    expect(await page.locator("main").textContent()).not.toContain(key);

    // Revoke by keyboard: tick the row's confirmation with Space, Tab to Revoke, Enter.
    await page.getByLabel("Yes, revoke MIS sync").focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("aria-label")).toBe("Revoke MIS sync");
    await page.keyboard.press("Enter");
    await page.waitForURL(/done=revoked/);
    expect(await page.getByRole("status").textContent()).toContain("The key has been revoked");
    expect((await client(suite.runtime)("GET", "/v1/tenant", { apiKey: key })).status).toBe(401);
    await checkpoint(page, journey, "04-key-revoked");

    await page.getByRole("link", { name: "Audit events" }).first().click();
    await page.waitForURL(/\/console\/audit$/);
    await checkpoint(page, journey, "05-audit");
    await page.getByLabel("Kind of event").selectOption("api-key.created");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/kind=api-key.created/);
    const kinds = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(kinds).toEqual(["API key created", "API key created"].slice(0, kinds.length));
    expect(kinds.length).toBeGreaterThan(0);
    expect(await page.locator("tbody").textContent()).toContain("admin Tester");
    await checkpoint(page, journey, "06-audit-filtered");

    await page.getByRole("link", { name: "Email delivery" }).first().click();
    await page.waitForURL(/\/console\/emails$/);
    expect(await page.locator("tbody tr").count()).toBe(3);
    await checkpoint(page, journey, "07-emails");
    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/status=failed/);
    expect(await page.locator("tbody").textContent()).toContain("Address bounced");
    expect(await page.locator("tbody tr").count()).toBe(1);
    await checkpoint(page, journey, "08-emails-failed");

    // A user's sign-in security: allow their Latchkey ID (the rules shown), then their history.
    const jo = await addUser(
      suite.runtime,
      tenant.tenantId,
      "jo",
      ["class-teacher", "staff"],
      "jo@trust.example",
    );
    await page.goto(`/console/users/${jo.userId}/security`);
    expect(await page.locator("main").textContent()).toContain(
      "It reaches only accounts whose schools allow it",
    );
    await checkpoint(page, journey, "09-user-security");
    await page.getByRole("button", { name: "Allow the Latchkey ID" }).click();
    await page.waitForURL(/done=allowed/);
    expect(await page.getByRole("status").textContent()).toContain("now allows this user's Latchkey ID");
    await checkpoint(page, journey, "10-latchkey-id-allowed");
    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL(/\/history$/);
    expect(await page.locator("tbody").textContent()).toContain("Latchkey ID consented");
    await checkpoint(page, journey, "11-user-history");
  });
});
