import { describe, expect, it } from "vitest";
import { earlyYearsSchool } from "../integration/early-years-school.js";
import { client, staffPassword } from "../integration/harness.js";
import { browserSuite, checkpoint, signInToConsole } from "./browser.js";

const suite = browserSuite({ pollers: true });

const journey = "myuso";

describe("myUSO early years logins in Chromium", () => {
  it("the headteacher accepts the declaration; a class teacher changes a pupil's PIN, sees it changed by them, and prints a random PIN slip", async () => {
    const api = client(suite.runtime);
    const school = await earlyYearsSchool(suite.runtime, api);
    const context = await suite.newContext();
    const page = await context.newPage();

    // The headteacher chooses Reception and accepts the declaration.
    await signInToConsole(page, school.tenantId, "head", staffPassword);
    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Early years" })
      .click();
    await page.waitForURL(/\/console\/early-years$/);
    expect(await page.getByRole("status").textContent()).toContain("PIN login is off");
    await checkpoint(page, journey, "01-early-years-off");
    await page.getByRole("link", { name: "Change year groups and the default PIN" }).click();
    await page.getByLabel(/Reception/).check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL(/settings\?done=saved$/);
    expect(await page.getByRole("status").first().textContent()).toContain("Settings saved.");
    await checkpoint(page, journey, "02-settings-saved");
    await page.getByRole("link", { name: "Back to early years" }).click();
    await page.getByRole("link", { name: "Read and accept the declaration" }).click();
    await checkpoint(page, journey, "03-declaration");
    await page.getByLabel(/I have read the declaration/).check();
    await page.getByRole("button", { name: "Accept the declaration" }).click();
    await page.waitForURL(/declaration\?done=accepted$/);
    expect(await page.locator("main").textContent()).toContain("accepted by Helen Head");
    await checkpoint(page, journey, "04-declaration-accepted");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);

    // The class teacher picks their class and changes Ava's PIN, by keyboard only.
    await signInToConsole(page, school.tenantId, "t.robins", staffPassword);
    await page.goto("/console/early-years");
    await expect.poll(async () => (await page.getByLabel("Class").textContent()) ?? "").toContain("Robins");
    await checkpoint(page, journey, "05-class-selector");
    await page.getByRole("button", { name: "Show class" }).click();
    await page.waitForURL(new RegExp(`/console/early-years/classes/${school.robins}$`));
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("tbody .badge.pending").count();
      })
      .toBe(4);
    await checkpoint(page, journey, "06-class-list");
    const avaRow = page.getByRole("row", { name: /Ava Adams/ });
    await avaRow.locator("summary").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate<string | null>("document.activeElement.id")).toBe(`pin-${school.pupilId(1)}`);
    await page.keyboard.type("739164");
    await checkpoint(page, journey, "07-change-pin-box");
    await page.keyboard.press("Enter");
    await page.waitForURL(/done=changed/);
    expect(await page.getByRole("status").textContent()).toContain("Ava Adams's PIN was changed");
    const row = (await page.getByRole("row", { name: /Ava Adams/ }).textContent()) ?? "";
    expect(row).toContain("Changed");
    expect(row).toContain("Rosa Robin");
    await checkpoint(page, journey, "08-pin-changed");

    // Ava signs in with her new PIN.
    const signIn = await api("POST", "/v1/pupil-sessions", {
      json: { tenantId: school.tenantId, username: "ava.adams", pin: "739164" },
    });
    expect(signIn.status).toBe(201);

    // A weak PIN is refused on the page.
    const benRow = page.getByRole("row", { name: /Ben Brown/ });
    await benRow.locator("summary").click();
    await benRow.getByLabel("New PIN for Ben Brown").fill("1111");
    await benRow.getByRole("button", { name: "Update" }).click();
    expect(await page.getByRole("alert").first().textContent()).toContain("must not repeat one digit");
    await checkpoint(page, journey, "09-weak-pin-refused");

    // A random PIN for Ben, on a printable slip.
    await page.getByRole("button", { name: "Random PIN for Ben Brown" }).click();
    await expect.poll(() => page.locator(".slip").count()).toBe(1);
    await expect.poll(() => page.getByRole("button", { name: "Print" }).isVisible()).toBe(true);
    const pin = (await page.locator(".slip code.secret").textContent()) ?? "";
    expect(pin).toMatch(/^\d{6}$/);
    await checkpoint(page, journey, "10-random-pin-slip");
    const ben = await api("POST", "/v1/pupil-sessions", {
      json: { tenantId: school.tenantId, username: "ben.brown", pin },
    });
    expect(ben.status).toBe(201);
  }, 90_000);
});
