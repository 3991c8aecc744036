import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { codeFromUri } from "../fakes/totp-codes.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  sentTo,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  tenant = await createTestTenant(runtime);
});
afterAll(async () => runtime?.stop());

type Started = { deviceId: string; otpauthUri: string; qrCode: string };
type Session = { token: string };
type Challenge = { challenge: string; challengeToken: string };

const signIn = (username: string) =>
  api<Session & Challenge>("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username, password: staffPassword },
  });

/** Starts and confirms a device with the previous step's code, so the current step's code stays unused. */
async function enrol(token: string, name = "My phone") {
  const started = await api<Started>("POST", "/v1/me/authenticators", { token });
  expect(started.status).toBe(201);
  const code = codeFromUri(started.body.otpauthUri, new Date(Date.now() - 30_000));
  const confirmed = await api<{ recoveryCodes?: string[]; device: { name: string } }>(
    "POST",
    `/v1/me/authenticators/${started.body.deviceId}/confirm`,
    { token, json: { name, code } },
  );
  expect(confirmed.status).toBe(201);
  return { ...started.body, recoveryCodes: confirmed.body.recoveryCodes ?? [] };
}

/** A session that gave a second factor: sign in again and answer with a recovery code or the current code. */
async function withSecondFactor(username: string, answer: { code: string } | { recoveryCode: string }) {
  const challenge = await signIn(username);
  expect(challenge.body.challenge).toBe("MFA_REQUIRED");
  const session = await api<Session>("POST", "/v1/sessions/mfa", {
    json: { challengeToken: challenge.body.challengeToken, ...answer },
  });
  expect(session.status).toBe(201);
  return session.body.token;
}

async function freshUser(roles: ("class-teacher" | "staff")[] = ["staff"]) {
  const username = `u${Math.random().toString(36).slice(2, 8)}`;
  const user = await addUser(runtime, tenant.tenantId, username, roles, `${username}@school.example`);
  const first = await signIn(username);
  expect(first.status).toBe(201);
  return { username, user, token: first.body.token };
}

describe("authenticator apps on the emulators", () => {
  it("enrols with a QR code and a code an independent implementation computes; lists without secrets", async () => {
    const { token } = await freshUser();
    const started = await api<Started>("POST", "/v1/me/authenticators", { token });
    expect(started.status).toBe(201);
    expect(started.body.otpauthUri).toMatch(
      /^otpauth:\/\/totp\/Latchkey:.*\?secret=[A-Z2-7]{32}&issuer=Latchkey$/,
    );
    expect(started.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(started.body.qrCode.split(",")[1] as string, "base64").toString()).toContain("<svg");
    const wrong = await api("POST", `/v1/me/authenticators/${started.body.deviceId}/confirm`, {
      token,
      json: { name: "Phone", code: "000000" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    const code = codeFromUri(started.body.otpauthUri, new Date());
    const confirmed = await api<{ recoveryCodes: string[] }>(
      "POST",
      `/v1/me/authenticators/${started.body.deviceId}/confirm`,
      { token, json: { name: "Phone", code } },
    );
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    const listed = await api<{ items: { name: string }[]; recoveryCodesLeft: number }>(
      "GET",
      "/v1/me/authenticators",
      { token },
    );
    expect(listed.body).toMatchObject({ items: [{ name: "Phone" }], recoveryCodesLeft: 10 });
    expect(listed.text).not.toMatch(/secret|sealed|otpauth/i);
    // Now that a device is active, the password-only session may not plant another one.
    expect((await api("POST", "/v1/me/authenticators", { token })).status).toBe(403);
    const username = (await api<{ username: string }>("GET", "/v1/me", { token })).body.username;
    const twoFactor = await withSecondFactor(username, {
      recoveryCode: confirmed.body.recoveryCodes[0] as string,
    });
    const duplicate = await api<Started>("POST", "/v1/me/authenticators", { token: twoFactor });
    const again = await api("POST", `/v1/me/authenticators/${duplicate.body.deviceId}/confirm`, {
      token: twoFactor,
      json: { name: "PHONE", code: codeFromUri(duplicate.body.otpauthUri, new Date()) },
    });
    expect(again.status).toBe(409);
  });

  it("never serves an API key", async () => {
    for (const [method, path] of [
      ["POST", "/v1/me/authenticators"],
      ["GET", "/v1/me/authenticators"],
    ] as const) {
      const response = await api(method, path, { apiKey: tenant.apiKey });
      expect(response.status).toBe(403);
    }
  });

  it("asks for a code at the next sign-in; the code is accepted once; a recovery code once", async () => {
    const { username, token } = await freshUser();
    const device = await enrol(token);
    const first = await signIn(username);
    expect(first.status).toBe(200);
    expect(first.body.challenge).toBe("MFA_REQUIRED");
    const code = codeFromUri(device.otpauthUri, new Date());
    const session = await api<Session>("POST", "/v1/sessions/mfa", {
      json: { challengeToken: first.body.challengeToken, code },
    });
    expect(session.status).toBe(201);
    expect((await api("GET", "/v1/me", { token: session.body.token })).status).toBe(200);
    const replay = await api("POST", "/v1/sessions/mfa", {
      json: { challengeToken: first.body.challengeToken, code },
    });
    expect(replay.status).toBe(401);
    const recoveryCode = device.recoveryCodes[0] as string;
    const second = await signIn(username);
    const recovered = await api("POST", "/v1/sessions/mfa", {
      json: { challengeToken: second.body.challengeToken, recoveryCode },
    });
    expect(recovered.status).toBe(201);
    const third = await signIn(username);
    const reused = await api("POST", "/v1/sessions/mfa", {
      json: { challengeToken: third.body.challengeToken, recoveryCode },
    });
    expect(reused.status).toBe(401);
    const bogus = await api("POST", "/v1/sessions/mfa", { json: { challengeToken: token, code: "123456" } });
    expect(bogus.status).toBe(401);
  });

  it("accepts exactly one of 20 parallel submissions of one valid code", async () => {
    const { username, token } = await freshUser();
    const device = await enrol(token);
    // Twenty challenges one after another (parallel sign-ins of one account would meet its lockout's reservations),
    // then one valid code submitted with all twenty at once.
    const challenges = [];
    for (let i = 0; i < 20; i++) challenges.push(await signIn(username));
    expect(challenges.every((c) => c.body.challenge === "MFA_REQUIRED")).toBe(true);
    const code = codeFromUri(device.otpauthUri, new Date());
    const answers = await Promise.all(
      challenges.map((c) =>
        api("POST", "/v1/sessions/mfa", { json: { challengeToken: c.body.challengeToken, code } }),
      ),
    );
    expect(answers.map((a) => a.status).filter((st) => st !== 401 && st !== 201)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(19);
  });

  it("removes a device with the password; a wrong password changes nothing", async () => {
    const { username, token: passwordOnly } = await freshUser();
    const device = await enrol(passwordOnly);
    // A password-only session may not remove the device with a password: only one that gave a second factor.
    const weak = await api("DELETE", `/v1/me/authenticators/${device.deviceId}`, {
      token: passwordOnly,
      json: { password: staffPassword },
    });
    expect(weak.status).toBe(403);
    const token = await withSecondFactor(username, { code: codeFromUri(device.otpauthUri, new Date()) });
    const wrong = await api("DELETE", `/v1/me/authenticators/${device.deviceId}`, {
      token,
      json: { password: "not-the-password" },
    });
    expect(wrong.status).toBe(422);
    expect((await signIn(username)).status).toBe(200);
    const removed = await api("DELETE", `/v1/me/authenticators/${device.deviceId}`, {
      token,
      json: { password: staffPassword },
    });
    expect(removed.status).toBe(204);
    expect((await signIn(username)).status).toBe(201);
  });

  it("lets a site admin reset a lost authenticator with their password: emailed, audited, enrol again", async () => {
    const { username, user, token } = await freshUser(["class-teacher", "staff"]);
    await enrol(token);
    const admin = await signIn("admin");
    const adminToken = admin.body.token;
    const wrong = await api("POST", `/v1/users/${user.userId}/authenticators/reset`, {
      token: adminToken,
      json: { password: "wrong" },
    });
    expect(wrong.status).toBe(401);
    const byKey = await api("POST", `/v1/users/${user.userId}/authenticators/reset`, {
      apiKey: tenant.apiKey,
      json: { password: staffPassword },
    });
    expect(byKey.status).toBe(403);
    expect((await signIn(username)).status).toBe(200);
    const reset = await api("POST", `/v1/users/${user.userId}/authenticators/reset`, {
      token: adminToken,
      json: { password: staffPassword },
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ userId: user.userId, removed: 1 });
    expect((await signIn(username)).status).toBe(201);
    const events = await api<{ items: { action: string }[] }>("GET", "/v1/audit-events", {
      token: adminToken,
    });
    expect(events.body.items.map((e) => e.action)).toContain("authenticators.reset-by-admin");
    const mail = await eventually(async () => {
      const sent = await sentTo(runtime, `${username}@school.example`);
      return sent.find((e) => e.subject.includes("authenticator was reset"));
    });
    expect(JSON.stringify(mail)).not.toMatch(/otpauth|secret=/);
  });

  it("regenerates recovery codes for a current code (the old set is void) and removes a device soon after sign-in with {}", async () => {
    const { username, token } = await freshUser();
    const device = await enrol(token);
    const code = codeFromUri(device.otpauthUri, new Date());
    const regenerated = await api<{ recoveryCodes: string[] }>("POST", "/v1/me/recovery-codes", {
      token,
      json: { code },
    });
    expect(regenerated.status).toBe(201);
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    const reused = await api("POST", "/v1/me/recovery-codes", { token, json: { code } });
    expect(reused.status).toBe(422);
    const old = await signIn(username);
    const refused = await api("POST", "/v1/sessions/mfa", {
      json: { challengeToken: old.body.challengeToken, recoveryCode: device.recoveryCodes[0] },
    });
    expect(refused.status).toBe(401);
    const fresh = await signIn(username);
    const accepted = await api<Session>("POST", "/v1/sessions/mfa", {
      json: { challengeToken: fresh.body.challengeToken, recoveryCode: regenerated.body.recoveryCodes[0] },
    });
    expect(accepted.status).toBe(201);
    const removed = await api("DELETE", `/v1/me/authenticators/${device.deviceId}`, {
      token: accepted.body.token,
      json: {},
    });
    expect(removed.status).toBe(204);
    expect((await signIn(username)).status).toBe(201);
  });
});
