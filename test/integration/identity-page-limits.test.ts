import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { signInLimits } from "../../lib/domain/rate-limits.js";
import { clearOfWindowEdge, createTestTenant, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";
import { pageClient } from "./pages.js";

// Its own runtime: the limit counts every Latchkey ID sign-in from this (loopback) address.
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

describe("the Latchkey ID's sign-in form under the API's limits", () => {
  it("answers 429 with Retry-After once an address failed too often, with the form again and no session", async () => {
    await clearOfWindowEdge();
    const fx = latchkeyIdFixtures(runtime);
    const school = await createTestTenant(runtime);
    const statuses: number[] = [];
    for (let batch = 0; batch < 6 && !statuses.includes(429); batch++) {
      const failures = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fx.signIn(`nobody.${batch}.${i}@trust.example`, school.tenantId),
        ),
      );
      statuses.push(...failures.map((f) => f.status));
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(signInLimits.perSource - 10);
    const browser = pageClient(runtime);
    const form = await browser.get(`/sign-in?tenant=${school.tenantId}&provider=latchkey-id`);
    const limited = await browser.post("/sign-in/latchkey-id", {
      csrf: form.csrf ?? "",
      tenant: school.tenantId,
      email: "someone@trust.example",
      password: fx.idPassword,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.text).toContain('action="/sign-in/latchkey-id"');
    expect(browser.jar.has("__Host-lk-session")).toBe(false);
  });
});
