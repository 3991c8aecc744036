import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { demoPassword, demoTenantId, seedDemoTenant } from "../../infra/local/seed.js";
import { startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  await seedDemoTenant(runtime.deps(), await mkdtemp(join(tmpdir(), "latchkey-demo-")));
}, 120_000);
afterAll(async () => runtime?.stop());

describe("the demo school's Early years and Users screens (npm start)", () => {
  it("has Reception waiting for the headteacher's declaration, and an office manager with an SSO PIN to reset", async () => {
    const head = await signedInPageClient(runtime, demoTenantId, "head", demoPassword);
    const early = await head.get("/console/early-years");
    expect(early.text).toContain("PIN login is off");
    expect(early.text).toContain("Reception");
    expect(early.text).toContain("Read and accept the declaration");
    const admin = await signedInPageClient(runtime, demoTenantId, "admin", demoPassword);
    const list = await admin.get("/console/users?q=office");
    const id = /href="\/console\/users\/([\w-]+)"/.exec(list.text)?.[1] ?? "";
    const office = await admin.get(`/console/users/${id}`);
    expect(office.text).toContain("Price");
    expect(office.text).toMatch(/SSO PIN<\/dt><dd><span class="badge good">Set/);
    expect(office.text).toContain("Reset SSO PIN");
  });
});
