import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createIdentity } from "../../lib/app/operator/create-identity.js";
import { resetRequestFloorMs } from "../../lib/app/password-resets/password-reset.js";
import { identityOwner } from "../../lib/domain/identity.js";
import { type client, eventually, sentEmails, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";
import { pageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let fx: ReturnType<typeof latchkeyIdFixtures>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  fx = latchkeyIdFixtures(runtime);
  api = fx.api;
}, 60_000);
afterAll(async () => runtime?.stop());

const resetEmails = async (address: string) =>
  (await sentEmails(runtime)).filter(
    (e) => (e.destination?.to ?? []).includes(address) && e.subject.startsWith("Reset your"),
  );

async function resetLink(address: string, count = 1): Promise<string> {
  const emails = await eventually(async () => {
    const found = await resetEmails(address);
    return found.length >= count ? found : undefined;
  });
  const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(emails.at(-1)?.body.text ?? "")?.[1];
  expect(link).toBeDefined();
  return link as string;
}

describe("forgot password with a Latchkey ID (the first sign-in)", () => {
  it("answers identically for a school account and a Latchkey ID, existing or not", async () => {
    const email = "same.jo@trust.example";
    const [a] = await fx.schoolsOf(email, 1);
    if (!a) throw new Error("no school");
    await createIdentity(runtime.deps(), { email, tenantIds: [a.tenantId] });
    await fx.consent(a);
    const requests = [
      { tenantId: a.tenantId, login: "jo.rivers" },
      { tenantId: a.tenantId, login: "nobody-here", provider: "school" },
      { tenantId: a.tenantId, login: email, provider: "latchkey-id" },
      { tenantId: a.tenantId, login: "nobody@trust.example", provider: "latchkey-id" },
      { tenantId: a.tenantId, login: "jo.rivers", provider: "latchkey-id" },
      { tenantId: "no-such-school", login: email, provider: "latchkey-id" },
    ];
    const answers = [];
    for (const json of requests) {
      const started = Date.now();
      const response = await api("POST", "/v1/password-resets", { json });
      answers.push({ status: response.status, body: response.text, ms: Date.now() - started });
    }
    for (const answer of answers) {
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 202,
        body: answers[0]?.body,
      });
      expect(answer.ms).toBeGreaterThanOrEqual(resetRequestFloorMs);
    }
    // The forgot-password page offers the choice and answers the same page for both.
    const browser = pageClient(runtime);
    const page = await browser.get(`/forgot-password?tenant=${a.tenantId}`);
    expect(page.text).toContain('value="latchkey-id"');
    const pages = [];
    for (const provider of ["school", "latchkey-id"]) {
      const response = await browser.post("/forgot-password", {
        csrf: page.csrf ?? "",
        tenant: a.tenantId,
        login: email,
        provider,
      });
      pages.push({ status: response.status, text: response.text });
    }
    expect(pages[0]?.status).toBe(200);
    expect(pages[1]).toEqual(pages[0]);
    // A provider that is neither is a field error that changes nothing.
    const bad = await api("POST", "/v1/password-resets", {
      json: { tenantId: a.tenantId, login: email, provider: "google" },
    });
    expect(bad.status).toBe(400);
  }, 60_000);

  it("emails only an identity a school consented to; the link sets its password, proves the email, and signs in", async () => {
    const email = "first.jo@trust.example";
    const [a, b] = await fx.schoolsOf(email, 2);
    if (!a || !b) throw new Error("no school");
    await createIdentity(runtime.deps(), { email, tenantIds: [a.tenantId, b.tenantId] });
    const ask = () =>
      api("POST", "/v1/password-resets", {
        json: { tenantId: b.tenantId, login: email, provider: "latchkey-id" },
      });
    // No school consented yet: no link, no email.
    expect((await ask()).status).toBe(202);
    const owner = identityOwner(email);
    expect(await runtime.deps().passwordResets.get(owner.tenantId, owner.userId)).toBeUndefined();
    await fx.consent(a);
    expect((await ask()).status).toBe(202);
    const link = await resetLink(email);
    expect(await resetEmails(email)).toHaveLength(1);
    const token = new URL(link).searchParams.get("token") ?? "";

    // The hosted page shows the identity's email; opening it changes nothing.
    const page = await fetch(`${runtime.apiUrl}/reset-password?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(email);
    expect((await runtime.deps().identities.get(email))?.emailProvenAt).toBeUndefined();

    const weak = await api("POST", "/v1/password-resets/complete", { json: { token, newPassword: "short" } });
    expect(weak.status).toBe(422);
    const done = await api("POST", "/v1/password-resets/complete", {
      json: { token, newPassword: fx.idPassword },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "password-changed", username: email });
    const again = await api("POST", "/v1/password-resets/complete", {
      json: { token, newPassword: fx.idPassword },
    });
    expect(again.status).toBe(410);
    expect((await runtime.deps().identities.get(email))?.emailProvenAt).toEqual(expect.any(String));
    expect(await runtime.deps().credentials.getPassword(owner.tenantId, owner.userId)).toBeDefined();
    const history = await runtime.deps().audit.forUser(owner.tenantId, owner.userId, { limit: 20 });
    expect(history.items.map((e) => e.action)).toContain("latchkey-id.password-set");

    // Signs in where the school consented (a, not b), with the password just set.
    const session = await fx.signIn(email);
    expect(session.status).toBe(201);
    expect(session.body.memberships.map((m) => m.tenantId)).toEqual([a.tenantId]);
    expect((await fx.signIn(email, b.tenantId)).status).toBe(401);

    // A later reset ends the sessions the identity had.
    expect((await api("GET", "/v1/tenant", { token: session.body.token })).status).toBe(200);
    await ask();
    const second = new URL(await resetLink(email, 2)).searchParams.get("token") ?? "";
    const newPassword = "another-password-for-jo-8";
    expect(
      (await api("POST", "/v1/password-resets/complete", { json: { token: second, newPassword } })).status,
    ).toBe(200);
    expect((await api("GET", "/v1/tenant", { token: session.body.token })).status).toBe(401);
    expect((await fx.signIn(email, a.tenantId, newPassword)).status).toBe(201);
  }, 90_000);

  it("keeps a school's consent when the account's email is verified again, and drops it with a new email", async () => {
    const email = "kept.jo@trust.example";
    const [a] = await fx.schoolsOf(email, 1);
    if (!a) throw new Error("no school");
    await createIdentity(runtime.deps(), { email, tenantIds: [a.tenantId] });
    await fx.consent(a);
    expect(await runtime.deps().users.markEmailVerified(a.tenantId, a.joId, email)).toBe(true);
    const [link] = await runtime.deps().identities.links(email);
    expect(link).toMatchObject({ verified: true, consentedAt: expect.any(String) });
    // Jo signs in with her Latchkey ID there…
    const owner = identityOwner(email);
    const hash = await runtime.deps().hasher.hash("jo's-own-latchkey-password");
    await runtime.deps().credentials.setPassword(owner.tenantId, owner.userId, hash, new Date());
    const signedIn = await api<{ token: string }>("POST", "/v1/identity-sessions", {
      json: { email, password: "jo's-own-latchkey-password", tenantId: a.tenantId },
    });
    expect(signedIn.status).toBe(201);
    expect((await api("GET", "/v1/tenant", { token: signedIn.body.token })).status).toBe(200);
    // A new email on the account (from the roster) drops the link and its consent: the new address's link is not
    // consented, so whoever holds that address reaches nothing.
    await api("POST", "/v1/roster", {
      apiKey: a.apiKey,
      json: {
        users: [
          {
            externalId: "JO",
            username: "jo.rivers",
            forename: "Jo",
            surname: "Rivers",
            email: "someone.else@trust.example",
            userType: "staff",
            roles: ["class-teacher", "staff"],
          },
        ],
      },
    });
    expect(await runtime.deps().identities.links(email)).toEqual([]);
    // …and that session ends with the link.
    expect((await api("GET", "/v1/tenant", { token: signedIn.body.token })).status).toBe(401);
    const moved = await runtime.deps().identities.links("someone.else@trust.example");
    expect(moved.map((l) => l.consentedAt)).toEqual([undefined]);
  }, 60_000);
});
