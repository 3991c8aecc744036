import { describe, expect, it } from "vitest";
import { client, createTestTenant, staffPassword } from "../integration/harness.js";
import { artifactsDir, browserSuite, checkpoint, signInToConsole } from "./browser.js";

// One user per work message: the bar moves through several steps the test (and a person) can see.
process.env.REGENERATION_CHUNK_SIZE = "1";

const suite = browserSuite({ pollers: true });

const journey = "console-sims-id";

/** A small school: Reception, Year 1 and Year 2 (12 pupils each) and a few classes, imported as its MIS would. */
async function school() {
  const tenant = await createTestTenant(suite.runtime);
  const years = [
    ["R", "Reception"],
    ["Y1", "Year 1"],
    ["Y2", "Year 2"],
  ] as const;
  const pupils = years.flatMap(([code], y) =>
    Array.from({ length: 12 }, (_, i) => ({
      externalId: `${code}-${i + 1}`,
      username: `${code.toLowerCase()}pupil${i + 1}`,
      forename:
        ["Ava", "Ben", "Cara", "Dev", "Ella", "Finn", "Gia", "Hugo", "Isla", "Jay", "Kit", "Lola"][i] ??
        "Sam",
      surname: ["Shaw", "Patel", "Okafor", "Nowak", "Murphy", "Lee"][(i + y) % 6] ?? "Lee",
      userType: "student",
    })),
  );
  const imported = await client(suite.runtime)("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        ...years.map(([externalId, name]) => ({ externalId, name, type: "year-group" })),
        ...["1A", "1B", "2A", "2B"].map((c) => ({ externalId: `C${c}`, name: `Class ${c}`, type: "class" })),
      ],
      users: pupils,
      memberships: pupils.map((p) => ({
        groupExternalId: p.externalId.split("-")[0],
        userExternalId: p.externalId,
      })),
    },
  });
  expect(imported.status).toBe(200);
  return tenant;
}

describe("SIMS ID: regenerate temporary passwords for Year 1 and Year 2 in Chromium", () => {
  it("picks the years by search, confirms, watches the progress, prints the A4 slips once", async () => {
    const tenant = await school();
    const context = await suite.newContext();
    const page = await context.newPage();
    await signInToConsole(page, tenant.tenantId, "admin", staffPassword);
    await checkpoint(page, journey, "01-console-home");

    await page
      .getByRole("navigation", { name: "Console" })
      .getByRole("link", { name: "Password tools" })
      .click();
    await page.waitForURL(/\/console\/password-tools$/);
    await checkpoint(page, journey, "02-password-tools");
    await page.getByRole("link", { name: "Regenerate temporary passwords" }).click();
    await page.waitForURL(/\/regenerate$/);

    // Search "Year 1", then add it by keyboard only: Tab from the search box to its "+" and press Enter.
    await page.getByLabel("Search groups").fill("Year 1");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=Year\+1/);
    await checkpoint(page, journey, "03-search-year-1");
    await page.getByLabel("Search groups").focus();
    let focused = "";
    for (let i = 0; i < 20 && focused !== "Add Year 1"; i++) {
      await page.keyboard.press("Tab");
      focused = String(await page.evaluate("document.activeElement?.getAttribute('aria-label') ?? ''"));
    }
    expect(focused).toBe("Add Year 1");
    await page.keyboard.press("Enter");
    await page.waitForURL(/groups=.*#groups$/);
    expect(await page.locator("#selection").textContent()).toBe("Selected: 1 group");
    // The page lands on the list: the next Tab goes to its search box, not back to the top of the page.
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.id")).toBe("search");
    await checkpoint(page, journey, "04-year-1-added-by-keyboard");

    await page.getByLabel("Search groups").fill("Year 2");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=Year\+2/);
    await page.getByRole("link", { name: "Add Year 2" }).click();
    await expect.poll(() => page.locator("#selection").textContent()).toBe("Selected: 2 groups");
    await page.getByRole("link", { name: "Show selected" }).click();
    await page.waitForURL(/view=selected/);
    expect(await page.getByRole("link", { name: "Remove Year 1" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Remove Year 2" }).count()).toBe(1);
    await checkpoint(page, journey, "05-show-selected");

    await page.getByRole("link", { name: "Continue with 2 groups" }).click();
    await page.waitForURL(/\/regenerate\/confirm\?groups=/);
    const count = Number(await page.locator("#regeneration-count").textContent());
    expect(count).toBe(24);
    await page.getByLabel("Your password, to confirm").fill(staffPassword);
    await checkpoint(page, journey, "06-confirm-count");
    await page.getByRole("button", { name: `Regenerate ${count} passwords` }).click();
    await page.waitForURL(/\/console\/jobs\/[\w-]+$/);
    const jobUrl = page.url();

    // Reload in the middle: the state is the job's, the bar carries on from where it is. The script fills the bar
    // from the job's state (at least once a second): it is seen part-way, then full.
    await page.reload();
    const bar = page.locator("progress");
    await expect.poll(() => bar.count()).toBe(1);
    const seen = new Set<number>();
    let pictured = false;
    const deadline = Date.now() + 45_000;
    while (
      !(await page.getByRole("button", { name: "Open the report" }).isVisible()) &&
      Date.now() < deadline
    ) {
      const value = Number(await bar.getAttribute("value"));
      seen.add(value);
      if (!pictured && value > 0 && value < count) {
        await page.screenshot({
          path: `${artifactsDir}/${journey}/07-progress-part-way.png`,
          fullPage: true,
        });
        pictured = true;
        await checkpoint(page, journey, "07-progress-axe");
      }
      await page.waitForTimeout(50);
    }
    expect(
      [...seen].some((v) => v > 0 && v < count),
      `values seen: ${[...seen].join(", ")}`,
    ).toBe(true);
    await expect
      .poll(async () => [await bar.getAttribute("value"), await bar.getAttribute("max")])
      .toEqual([String(count), String(count)]);
    expect(await page.locator("[data-progress-text]").textContent()).toContain(`${count} of ${count} done`);
    await checkpoint(page, journey, "08-finished");

    await page.getByRole("button", { name: "Open the report" }).click();
    await page.waitForURL(/\/report$/);
    expect(await page.locator(".slip").count()).toBe(count);
    const first = (await page.locator(".slip").first().textContent()) ?? "";
    expect(first).toContain(`School ${tenant.tenantId}`);
    expect(first).toContain(`/sign-in?tenant=${tenant.tenantId}`);
    expect(first).toMatch(/Year [12]/);
    await checkpoint(page, journey, "09-report-slips");
    const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(Math.round(Number(box?.[1]))).toBeGreaterThanOrEqual(594);
    expect(Math.round(Number(box?.[1]))).toBeLessThanOrEqual(596);
    expect(Math.round(Number(box?.[2]))).toBeGreaterThanOrEqual(841);
    expect(Math.round(Number(box?.[2]))).toBeLessThanOrEqual(843);

    // Reopen: the job's page says the report was retrieved and offers to regenerate for the same groups.
    await page.goto(jobUrl);
    expect(await page.getByRole("status").textContent()).toContain("already retrieved");
    await checkpoint(page, journey, "10-already-retrieved");
    await page.getByRole("link", { name: "Regenerate passwords for these groups" }).click();
    await page.waitForURL(/\/regenerate\?groups=/);
    expect(await page.locator("#selection").textContent()).toBe("Selected: 2 groups");
    await checkpoint(page, journey, "11-regenerate-again");

    // Unclaimed users: the new passwords are hidden; Show one with the admin's own password, then Hide it.
    await page.goto(
      "/console/password-tools/unclaimed?group=" +
        new URL(page.url()).searchParams.get("groups")?.split(",")[0],
    );
    expect(await page.locator("tbody tr").count()).toBe(12);
    await page.getByRole("link", { name: "Username" }).click();
    await page.waitForURL(/sort=username/);
    expect(await page.locator("th[aria-sort]").textContent()).toContain("Username");
    await checkpoint(page, journey, "12-unclaimed-hidden");
    await page.getByLabel("Your password, to show a temporary password").fill(staffPassword);
    await page
      .getByRole("button", { name: /^Show the password of / })
      .first()
      .click();
    await page.waitForURL(/\/unclaimed\/show$/);
    const shown = (await page.locator("#shown-password").textContent()) ?? "";
    expect(shown).toMatch(/^[\w-]{8,}$/);
    await checkpoint(page, journey, "13-unclaimed-shown");
    await page.getByRole("link", { name: /^Hide the password of / }).click();
    await page.waitForURL(/\/unclaimed\?/);
    expect(await page.locator("#shown-password").count()).toBe(0);
  });

  it("sends reset emails to a group and resets one user's password, each page checked with axe", async () => {
    const tenant = await school();
    const page = await (await suite.newContext()).newPage();
    await signInToConsole(page, tenant.tenantId, "admin", staffPassword);
    await page.goto("/console/password-tools");
    await page.getByRole("link", { name: "Send reset emails" }).click();
    await page.getByLabel("Search groups").fill("Reception");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Add Reception" }).click();
    await checkpoint(page, journey, "20-reset-emails-picked");
    await page.getByRole("button", { name: "Send reset emails to 1 group" }).click();
    await page.waitForURL(/\/console\/jobs\/[\w-]+$/);
    await page
      .getByRole("button", { name: "Open the report" })
      .waitFor({ state: "visible", timeout: 30_000 });
    await checkpoint(page, journey, "21-reset-emails-finished");
    await page.getByRole("button", { name: "Open the report" }).click();
    await page.waitForURL(/\/report$/);
    expect(await page.getByRole("heading", { name: "Not emailed (12)" }).count()).toBe(1);
    await checkpoint(page, journey, "22-reset-emails-report");

    await page.goto("/console/password-tools/reset");
    await page.getByLabel("Name or username").fill("rpupil3");
    await page.getByRole("button", { name: "Find" }).click();
    await checkpoint(page, journey, "23-reset-find");
    await page.getByRole("link", { name: /^Reset password of / }).click();
    await page.waitForURL(/\/console\/users\/[\w-]+\/password$/);
    await page.getByLabel("Your password, to confirm").fill(staffPassword);
    await checkpoint(page, journey, "24-reset-confirm");
    await page.getByRole("button", { name: "Reset the password" }).click();
    expect(await page.locator("#new-password").textContent()).toMatch(/^[\w-]{8,}$/);
    expect(page.url()).not.toContain((await page.locator("#new-password").textContent()) ?? "-");
    await checkpoint(page, journey, "25-reset-shown-once");
  });
});
