import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { issueTemporaryPassword } from "../../lib/app/temporary-passwords/issue-temporary-password.js";
import { addUser, client, createTestTenant, eventually, sentEmails, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** A tenant allowing reset by email, with a user (verified email) who holds a fresh temporary password. */
async function unclaimedUser() {
  const tenant = await createTestTenant(runtime);
  await api("PATCH", "/v1/tenant", {
    apiKey: tenant.apiKey,
    json: { preferences: { allowPasswordResetByEmail: true } },
  });
  const email = `cc.${tenant.tenantId}@reset.example`;
  const user = await addUser(runtime, tenant.tenantId, "c.claim", ["staff"], email);
  const deps = runtime.deps();
  const { password } = await issueTemporaryPassword(
    deps,
    await deps.tenants.get(tenant.tenantId),
    user,
    "test",
    new Date(),
  );
  return { ...tenant, user, email, temporary: password };
}

async function resetToken(address: string) {
  const email = await eventually(async () =>
    (await sentEmails(runtime)).find(
      (e) => (e.destination?.to ?? []).includes(address) && e.subject.startsWith("Reset your"),
    ),
  );
  const token = /reset-password\?token=(\S+)/.exec(email.body.text ?? "")?.[1];
  expect(token).toBeDefined();
  return decodeURIComponent(token as string);
}

describe("a reset by email and the new-password challenges issued before it", () => {
  it("refuses an old challenge after the reset, deletes the temporary password, and keeps the reset's password", async () => {
    const s = await unclaimedUser();
    const signIn = (password: string) =>
      api("POST", "/v1/sessions", { json: { tenantId: s.tenantId, username: "c.claim", password } });
    const challenged = await signIn(s.temporary);
    expect(challenged.status).toBe(200);
    const challengeToken = challenged.body.challengeToken as string;

    await api("POST", "/v1/password-resets", { json: { tenantId: s.tenantId, login: "c.claim" } });
    const token = await resetToken(s.email);
    const mine = "the owner chose this passphrase";
    const done = await api("POST", "/v1/password-resets/complete", { json: { token, newPassword: mine } });
    expect(done.status).toBe(200);
    expect(await runtime.deps().temporaryPasswords.get(s.tenantId, s.user.userId)).toBeUndefined();

    const attacker = "an attacker's chosen passphrase";
    const late = await api("POST", "/v1/sessions/new-password", {
      json: { challengeToken, newPassword: attacker },
    });
    expect(late.status).toBe(401);
    expect((await signIn(attacker)).status).toBe(401);
    expect((await signIn(s.temporary)).status).toBe(401);
    expect((await signIn(mine)).status).toBe(201);
  });
});
