import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { startTestRuntime } from "../integration/harness.js";

/** Screenshots of each step: git-ignored, kept by CI as the run's artifacts. */
export const artifactsDir = join(import.meta.dirname, "..", "..", "test-artifacts", "browser");

/** Connects to the suite's one Chromium (see `global-setup.ts`). */
export function connectBrowser(): Promise<Browser> {
  return chromium.connect(inject("browserEndpoint"));
}

/** A fresh browser profile (its own cookies) on the runtime's address. */
export function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 900, height: 720 } });
}

/**
 * One step of a journey: a full-page screenshot `<journey>/<nn>-<step>.png`, and an accessibility check with axe
 * (WCAG 2.1 A/AA): no serious or critical violation.
 */
export async function checkpoint(page: Page, journey: string, step: string) {
  const folder = join(artifactsDir, journey);
  await mkdir(folder, { recursive: true });
  // A sandboxed frame (the layout editor's preview) lays its document out again after a load: let it settle.
  if ((await page.locator("iframe[sandbox]").count()) > 0) await page.waitForTimeout(300);
  await page.screenshot({ path: join(folder, `${step}.png`), fullPage: true });
  // axe cannot run inside a sandboxed frame (no script there): the frame holds an email preview, not the console.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude("iframe[sandbox]")
    .analyze();
  expect(results.passes.length, "axe ran its checks").toBeGreaterThan(0);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `${journey}/${step}`,
  ).toEqual([]);
}

/** Signs in on the school's sign-in page as a console user would, and waits for the console's home. */
export async function signInToConsole(page: Page, tenantId: string, username: string, password: string) {
  // Under a full suite's load a first page can miss its answer (a 5xx from a starved emulator): one more try, then
  // say what the page answered.
  let answer = await page.goto(`/sign-in?tenant=${tenantId}`);
  for (let attempt = 1; ; attempt++) {
    const form = await page
      .getByLabel("Username")
      .waitFor({ timeout: 15_000 })
      .then(() => true)
      .catch(() => false);
    if (form) break;
    if (attempt === 2) {
      const text = (await page.locator("body").textContent()) ?? "";
      throw new Error(`the sign-in page answered ${answer?.status()}: ${text.slice(0, 300)}`);
    }
    answer = await page.goto(`/sign-in?tenant=${tenantId}`);
  }
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/console$/);
}

/**
 * A browser test file's shared pieces: its own runtime (queue pollers on when its journeys need jobs or emails) and
 * the suite's Chromium, started before its tests and stopped after; `newContext()` opens a fresh browser profile
 * (its own cookies) on the runtime's address, closed with the rest.
 */
export function browserSuite(options: { pollers: boolean }) {
  let runtime: LocalRuntime | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [runtime, browser] = await Promise.all([
      startTestRuntime({ pollers: options.pollers }),
      connectBrowser(),
    ]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await runtime?.stop();
  });
  return {
    get runtime(): LocalRuntime {
      if (!runtime) throw new Error("the runtime starts before the tests");
      return runtime;
    },
    async newContext(): Promise<BrowserContext> {
      if (!browser || !runtime) throw new Error("the browser starts before the tests");
      const context = await newContext(browser, runtime.apiUrl);
      contexts.push(context);
      return context;
    },
  };
}
