import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { defaultTwoFactorRoles } from "../../lib/domain/model.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  // The defaults: site admins, headteachers and nominated contacts need two factors.
  tenant = await createTestTenant(runtime, undefined, { twoFactorRoles: defaultTwoFactorRoles });
});
afterAll(async () => runtime?.stop());

type Problem = { type: string; status: number; detail: string };

/** The journey's admin device (its URI, as the QR code showed it) and the last step a code of it was used at. */
let adminUri = "";
let lastStepUsed = 0;
const step = () => Math.floor(Date.now() / 30_000);

const signIn = (username: string) =>
  api<{ token: string; challenge?: string; challengeToken: string }>("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username, password: staffPassword },
  });

describe("the basic-access gate (the seed's higher-access users)", () => {
  it("gives a site admin without a device basic access; they enrol, sign out and in, answer a code, and have full access", async () => {
    const first = await signIn("admin");
    expect(first.status).toBe(201);
    const basic = first.body.token;

    const refused = await api<Problem>("GET", "/v1/users", { token: basic });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.type).toBe("urn:latchkey:problem:authenticator-required");
    expect(refused.body.detail).toMatch(/authenticator is required/);
    expect(refused.body.detail).toContain("/security-keys");
    expect(refused.body.detail).toContain("POST /v1/me/authenticators");
    const mine = await api<{ session: { secondFactor: boolean; withheldRoles: string[] } }>(
      "GET",
      "/v1/me/authenticators",
      { token: basic },
    );
    expect(mine.body.session).toEqual({ secondFactor: false, withheldRoles: ["site-admin"] });
    const meBasic = await api<{ session: unknown }>("GET", "/v1/me", { token: basic });
    expect(meBasic.body.session).toEqual({ secondFactor: false, withheldRoles: ["site-admin"] });
    // Basic access: what their other role (staff) allows.
    expect((await api("GET", "/v1/tenant", { token: basic })).status).toBe(200);

    // Security keys → add new device: the QR's URI, a name, the current code, save.
    const started = await api<{ deviceId: string; otpauthUri: string }>("POST", "/v1/me/authenticators", {
      token: basic,
    });
    expect(started.status).toBe(201);
    const confirmed = await api("POST", `/v1/me/authenticators/${started.body.deviceId}/confirm`, {
      token: basic,
      json: { name: "My phone", code: codeFromUri(started.body.otpauthUri, new Date(Date.now() - 30_000)) },
    });
    expect(confirmed.status).toBe(201);
    adminUri = started.body.otpauthUri;
    // The same session keeps basic access: a second factor counts from the next sign-in.
    expect((await api("GET", "/v1/users", { token: basic })).status).toBe(403);

    expect((await api("DELETE", "/v1/sessions/current", { token: basic })).status).toBe(204);
    const again = await signIn("admin");
    expect(again.status).toBe(200);
    expect(again.body.challenge).toBe("MFA_REQUIRED");
    lastStepUsed = step();
    const full = await api<{ token: string }>("POST", "/v1/sessions/mfa", {
      json: {
        challengeToken: again.body.challengeToken,
        code: codeFromUri(started.body.otpauthUri, new Date(lastStepUsed * 30_000)),
      },
    });
    expect(full.status).toBe(201);
    expect((await api("GET", "/v1/users", { token: full.body.token })).status).toBe(200);
    // /v1/me says what each session may use now.
    const me = (token: string) =>
      api<{ session: { secondFactor: boolean; withheldRoles: string[] } }>("GET", "/v1/me", { token });
    expect((await me(full.body.token)).body.session).toEqual({ secondFactor: true, withheldRoles: [] });
  });

  it("lets only a site admin with two factors change which roles need them; bad input changes nothing", async () => {
    const head = await addUser(runtime, tenant.tenantId, "head", ["headteacher", "staff"]);
    expect(head.userId).toBeDefined();
    const headToken = (await signIn("head")).body.token;
    expect((await api("GET", "/v1/audit-events", { token: headToken })).status).toBe(403);

    const byKey = await api("PATCH", "/v1/tenant", {
      apiKey: tenant.apiKey,
      json: { preferences: { twoFactorRoles: [] } },
    });
    expect(byKey.status).toBe(403);
    const basicAdmin = await addUser(runtime, tenant.tenantId, "admin2", ["site-admin"]);
    expect(basicAdmin.userId).toBeDefined();
    const basicToken = (await signIn("admin2")).body.token;
    const byBasic = await api<Problem>("PATCH", "/v1/tenant", {
      token: basicToken,
      json: { preferences: { twoFactorRoles: [] } },
    });
    expect(byBasic.status).toBe(403);
    expect(byBasic.body.type).toBe("urn:latchkey:problem:authenticator-required");

    // The admin of the journey above has a device: sign in with a code for a full session.
    const admin = await signIn("admin");
    // A code is accepted once: wait for a step after the one the journey used.
    while (step() <= lastStepUsed) await new Promise((r) => setTimeout(r, 500));
    const full = await api<{ token: string }>("POST", "/v1/sessions/mfa", {
      json: { challengeToken: admin.body.challengeToken, code: codeFromUri(adminUri, new Date()) },
    });
    expect(full.status).toBe(201);
    const bad = await api("PATCH", "/v1/tenant", {
      token: full.body.token,
      json: { preferences: { twoFactorRoles: ["wizard"] } },
    });
    expect(bad.status).toBe(400);
    expect((await api("GET", "/v1/audit-events", { token: headToken })).status).toBe(403);
    const patched = await api<{ preferences: { twoFactorRoles: string[] } }>("PATCH", "/v1/tenant", {
      token: full.body.token,
      json: { preferences: { twoFactorRoles: ["site-admin"] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.preferences.twoFactorRoles).toEqual(["site-admin"]);
    expect((await api("GET", "/v1/audit-events", { token: headToken })).status).toBe(200);
  }, 60_000);
});
