import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { demoTenantId, seedDemoTenant } from "../../infra/local/seed.js";
import {
  demoIdentityEmail,
  secondDemoTenantId,
  seedLatchkeyIdDemo,
} from "../../infra/local/seed-latchkey-id.js";
import { client, eventually, sentEmails, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
}, 60_000);
afterAll(async () => runtime?.stop());

describe("the Latchkey ID demo of npm start (the README's walk-through)", () => {
  it("two demo schools share one person: first password by the emailed link, sign in, list, switch", async () => {
    await seedDemoTenant(runtime.deps(), await mkdtemp(join(tmpdir(), "latchkey-demo-")));
    const seeded = await seedLatchkeyIdDemo(runtime.deps());
    // Seeding again (a persisted table) adds nothing.
    expect(await seedLatchkeyIdDemo(runtime.deps())).toEqual(seeded);
    expect((await runtime.deps().identities.links(demoIdentityEmail)).every((l) => l.consentedAt)).toBe(true);

    const asked = await api("POST", "/v1/password-resets", {
      json: { tenantId: secondDemoTenantId, login: demoIdentityEmail, provider: "latchkey-id" },
    });
    expect(asked.status).toBe(202);
    const email = await eventually(async () =>
      (await sentEmails(runtime)).find((e) => (e.destination?.to ?? []).includes(demoIdentityEmail)),
    );
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(email.body.text ?? "")?.[1] ?? "";
    const token = new URL(link).searchParams.get("token") ?? "";
    const password = "Nadia-one-password-2026";
    expect(
      (await api("POST", "/v1/password-resets/complete", { json: { token, newPassword: password } })).status,
    ).toBe(200);

    const session = await api<{
      token: string;
      memberships: { tenantId: string; name: string; current: boolean }[];
    }>("POST", "/v1/identity-sessions", {
      json: { email: demoIdentityEmail, password, tenantId: demoTenantId },
    });
    expect(session.status).toBe(201);
    expect(session.body.memberships).toEqual([
      { tenantId: demoTenantId, name: "Oakfield Primary School", current: true },
      { tenantId: secondDemoTenantId, name: "Riverside Academy", current: false },
    ]);
    const switched = await api<{ token: string }>("POST", "/v1/sessions/switch", {
      token: session.body.token,
      json: { tenantId: secondDemoTenantId },
    });
    expect(switched.status).toBe(201);
    expect((await api("GET", "/v1/tenant", { token: switched.body.token })).body).toMatchObject({
      name: "Riverside Academy",
    });
  }, 180_000);
});
