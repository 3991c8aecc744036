/// <reference lib="dom" />
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startLocalRuntime } from "./runtime.js";
import { seedDemoTenant } from "./seed.js";

/**
 * The README's pictures of the console (`docs/console/*.png`), taken on the demo school as its site admin would see
 * it: `npm run docs:screenshots` starts the service in memory, seeds Oakfield, and drives Debian's Chromium
 * (`CHROMIUM_PATH` to use another) through the SIMS ID flow and a few other screens.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const out = join(import.meta.dirname, "..", "..", "docs", "console");
const runtime = await startLocalRuntime({
  stateDir: await mkdtemp(join(tmpdir(), "latchkey-docs-")),
  inMemory: true,
  prefix: "docs",
  logLevel: "ERROR",
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const demo = await seedDemoTenant(runtime.deps(), await mkdtemp(join(tmpdir(), "latchkey-docs-seed-")));
  const admin = demo.users[0]?.username ?? "admin";
  const context = await browser.newContext({
    baseURL: runtime.apiUrl,
    viewport: { width: 1100, height: 760 },
  });
  const page = await context.newPage();
  const shot = (name: string, fullPage = false) =>
    page.screenshot({ path: join(out, `${name}.png`), fullPage });

  await page.goto(`/sign-in?tenant=${demo.tenantId}`);
  await page.getByLabel("Username").fill(admin);
  await page.getByLabel("Password", { exact: true }).fill(demo.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/console$/);
  await shot("home");

  // SIMS ID: pick Year 1 and Year 2, confirm, the progress bar, the A4 slips.
  await page.goto("/console/password-tools/regenerate");
  for (const year of ["Year 1", "Year 2"]) {
    await page.getByLabel("Search groups").fill(year);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: `Add ${year}`, exact: true }).click();
  }
  await page.getByRole("link", { name: "Show selected" }).click();
  await shot("regenerate-picker");
  await page.getByRole("link", { name: "Continue with 2 groups" }).click();
  await page.getByLabel("Your password, to confirm").fill(demo.password);
  await shot("regenerate-confirm");
  await page.getByRole("button", { name: /^Regenerate \d+ passwords$/ }).click();
  await page.waitForURL(/\/console\/jobs\//);
  // Part-way if the picture can catch it (a few hundred pupils take seconds), else done.
  await page.waitForFunction(() => (document.querySelector("progress")?.value ?? 0) > 0, null, {
    polling: 50,
  });
  await shot("progress");
  await page.getByRole("button", { name: "Open the report" }).waitFor({ state: "visible", timeout: 120_000 });
  await page.getByRole("button", { name: "Open the report" }).click();
  await page.waitForSelector(".slip");
  await page.setViewportSize({ width: 794, height: 1123 });
  await shot("report-a4");
  await page.pdf({ path: join(out, "report-a4.pdf"), format: "A4", pageRanges: "1" });
  await page.setViewportSize({ width: 1100, height: 760 });

  // Bromcom: a user's page with the SSO PIN; IndySoft: the layout editor; early years; audit.
  await page.goto("/console/users?q=office");
  await page.getByRole("link", { name: "Price, Owen" }).first().click();
  await page.waitForURL(/\/console\/users\/[^/?]+$/);
  await shot("user", true);
  await page.goto("/console/layouts");
  const edit = page.getByRole("link", { name: "PASSWORD_EMAIL_NEW" });
  if ((await edit.count()) === 0) await page.getByRole("button", { name: /Import default layouts/ }).click();
  await page.getByRole("link", { name: "PASSWORD_EMAIL_NEW" }).first().click();
  await page.waitForTimeout(500);
  await shot("layout-editor", true);
  await page.goto("/console/early-years");
  await shot("early-years", true);
  await page.goto("/console/audit");
  await shot("audit");
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
  await runtime.stop();
}
