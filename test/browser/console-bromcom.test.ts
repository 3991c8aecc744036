import { describe, expect, it } from "vitest";
import { client, createTestTenant, staffPassword } from "../integration/harness.js";
import { browserSuite, checkpoint, signInToConsole } from "./browser.js";

const suite = browserSuite({ pollers: false });

const journey = "bromcom";

describe("Bromcom system users in Chromium", () => {
  it("a site admin finds a user, resets their SSO PIN, signs them out everywhere and disables them", async () => {
    const api = client(suite.runtime);
    const school = await createTestTenant(suite.runtime);
    const staff = [
      ["sam.singh", "Sam", "Singh", ["sso"]],
      ["olu.okafor", "Olu", "Okafor", ["sso"]],
      ["mia.moss", "Mia", "Moss", []],
    ] as const;
    const imported = await api("POST", "/v1/roster", {
      apiKey: school.apiKey,
      json: {
        users: staff.map(([username, forename, surname, profiles], i) => ({
          externalId: `S${i}`,
          username,
          forename,
          surname,
          email: `${username}@school.example`,
          userType: "staff",
          roles: ["staff"],
          profiles,
        })),
      },
    });
    expect(imported.status).toBe(200);
    const deps = suite.runtime.deps();
    const sam = await deps.users.findByUsername(school.tenantId, "sam.singh");
    const samId = sam?.userId as string;
    await deps.credentials.setPassword(
      school.tenantId,
      samId,
      await deps.hasher.hash(staffPassword),
      new Date(),
    );
    await deps.users.markClaimed(school.tenantId, samId, new Date());
    const setUp = await api("POST", "/v1/sso-pins/setup", {
      apiKey: school.apiKey,
      json: { username: "sam.singh", pin: "482913", confirmPin: "482913" },
    });
    expect(setUp.status).toBe(200);

    // Sam is signed in to the console in his own browser.
    const samContext = await suite.newContext();
    const samPage = await samContext.newPage();
    await signInToConsole(samPage, school.tenantId, "sam.singh", staffPassword);

    const context = await suite.newContext();
    const page = await context.newPage();
    await signInToConsole(page, school.tenantId, "admin", staffPassword);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" }).click();
    await page.waitForURL(/\/console\/users$/);
    await checkpoint(page, journey, "01-user-accounts");

    // Search and open the user by keyboard only.
    await page.getByLabel("Search names and usernames").focus();
    await page.keyboard.type("singh");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=singh/);
    expect(await page.locator("tbody tr").count()).toBe(1);
    await checkpoint(page, journey, "02-search");
    await page.getByRole("link", { name: "Singh, Sam" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/console/users/${samId}$`));
    expect(await page.locator("dl").textContent()).toContain("Set");
    await checkpoint(page, journey, "03-user-account");

    // Reset SSO PIN, confirmed with the admin's password (typed, then Enter).
    await page.getByLabel("Your password, to confirm").focus();
    await page.keyboard.type(staffPassword);
    await page.keyboard.press("Enter");
    await page.waitForURL(/done=sso-pin-reset/);
    expect(await page.getByRole("status").textContent()).toContain("The SSO PIN reset has started");
    expect(await page.locator("dl").textContent()).toContain("Reset pending");
    expect(page.url()).not.toContain(staffPassword);
    expect((await deps.ssoPins.get(school.tenantId, samId))?.state).toBe("reset_pending");
    await checkpoint(page, journey, "04-sso-pin-reset");

    // Sign out everywhere: Sam's console session ends.
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL(/done=signed-out/);
    expect(await page.getByRole("status").textContent()).toContain("signed out everywhere");
    await checkpoint(page, journey, "05-signed-out-everywhere");
    await samPage.reload();
    await samPage.waitForURL(/\/sign-in/);

    // Sam signs in again; then the admin disables the account and his session stops working.
    await signInToConsole(samPage, school.tenantId, "sam.singh", staffPassword);
    await page.getByRole("button", { name: "Disable account" }).click();
    await page.waitForURL(/done=disabled/);
    expect(await page.locator("dl").textContent()).toContain("Disabled");
    expect(await page.getByRole("button", { name: "Enable account" }).isVisible()).toBe(true);
    await checkpoint(page, journey, "06-disabled");
    await samPage.goto("/account");
    await samPage.waitForURL(/\/sign-in/);
    await samPage.getByLabel("Username").fill("sam.singh");
    await samPage.getByLabel("Password", { exact: true }).fill(staffPassword);
    await samPage.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => samPage.url()).toContain("/sign-in");
    await checkpoint(samPage, journey, "07-disabled-user-cannot-sign-in");
  }, 90_000);
});
