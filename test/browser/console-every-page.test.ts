/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { client, createTestTenant, staffPassword } from "../integration/harness.js";
import { browserSuite, checkpoint, signInToConsole } from "./browser.js";

/**
 * Every console page a site admin reaches by following links from the home page, in Chromium: axe finds no serious
 * or critical violation (`checkpoint`, which also keeps a screenshot), and every control can be reached with the
 * Tab key. Pages added later are visited without a line here.
 */
const suite = browserSuite({ pollers: false });
let tenantId: string;

beforeAll(async () => {
  const runtime = suite.runtime;
  const school = await createTestTenant(runtime);
  tenantId = school.tenantId;
  const imported = await client(runtime)("POST", "/v1/roster", {
    apiKey: school.apiKey,
    json: {
      groups: [
        { externalId: "Y1", name: "Year 1", type: "year-group" },
        { externalId: "Y1-OAK", name: "Year 1 Oak", type: "class", yearGroup: "Year 1" },
      ],
      users: [1, 2].map((n) => ({
        externalId: `P${n}`,
        username: `pupil${n}`,
        forename: `Pupil${n}`,
        surname: "Every",
        userType: "pupil",
        dateOfBirth: `2021-03-0${n}`,
      })),
      memberships: [1, 2].flatMap((n) => [
        { groupExternalId: "Y1", userExternalId: `P${n}` },
        { groupExternalId: "Y1-OAK", userExternalId: `P${n}` },
      ]),
    },
  });
  expect(imported.status).toBe(200);
});

/**
 * Tabs through the page from the top and returns the controls never reached (described). Radio buttons count as
 * one stop per group (the arrow keys move within it).
 */
async function unreachableByTab(page: Page): Promise<string[]> {
  const count = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]';
    const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (el) =>
        el.getClientRects().length > 0 &&
        !el.closest("[hidden]") &&
        !(el as HTMLButtonElement).disabled &&
        el.tabIndex >= 0,
    );
    controls.forEach((el, i) => {
      const radio = el instanceof HTMLInputElement && el.type === "radio";
      el.dataset.kbd = radio ? `radio:${el.name}` : String(i);
    });
    return controls.length;
  });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached = new Set<string>();
  // Twice round at most: anything the browser also stops on (the frame's document) cannot crowd out a control.
  for (let i = 0; i < 2 * count + 5 && reached.size < count; i++) {
    await page.keyboard.press("Tab");
    const key = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kbd);
    if (key) reached.add(key);
  }
  return page.evaluate(
    (keys) =>
      [...document.querySelectorAll<HTMLElement>("[data-kbd]")]
        .filter((el) => !keys.includes(el.dataset.kbd ?? ""))
        .map(
          (el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? el.getAttribute("name") ?? "").trim()}"`,
        ),
    [...reached],
  );
}

describe("every console page in Chromium", () => {
  it("passes axe and lets the keyboard reach every control", async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    await signInToConsole(page, tenantId, "admin", staffPassword);
    // One visit per page, whatever its query (a sort, a page of the list) or ids (one user's page stands for all).
    const shape = (path: string) =>
      (path.split("?")[0] ?? path).replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
        "{id}",
      );
    const seen = new Set<string>();
    const checked: string[] = [];
    const queue = ["/console"];
    while (queue.length > 0 && seen.size < 60) {
      const path = queue.shift() as string;
      if (seen.has(shape(path))) continue;
      seen.add(shape(path));
      const answer = await page.goto(path);
      expect(answer?.status(), path).toBe(200);
      checked.push(path);
      const step = `${String(seen.size).padStart(2, "0")}-${path.replace(/[^\w]+/g, "-").replace(/^-|-$/g, "")}`;
      await checkpoint(page, "every-page", step);
      expect(await unreachableByTab(page), `${path}: controls the Tab key never reaches`).toEqual([]);
      const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
      for (const href of links) {
        if (/^\/(console|account|security-keys)(\/|$|\?)/.test(href) && !seen.has(shape(href)))
          queue.push(href);
      }
    }
    // Every section's screens were visited, not just the home page and the account.
    for (const section of [
      "password-tools",
      "early-years",
      "users",
      "preferences",
      "layouts",
      "audit",
      "api-keys",
    ]) {
      expect(
        checked.some((p) => p.startsWith(`/console/${section}`)),
        section,
      ).toBe(true);
    }
  });
});
