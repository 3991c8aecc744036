import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { pinCodeAlphabet } from "../../lib/domain/pin-code.js";
import {
  addUser,
  clearOfWindowEdge,
  client,
  createTestTenant,
  eventually,
  sentTo,
  staffPassword,
  startTestRuntime,
} from "./harness.js";
import { pageClient } from "./pages.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type Login = "off" | "all_clients" | "web_only";
type Likeness = { permissions: string[]; profiles: string[]; companyExceptions: string[] };

const ownerRow = (tenantId: string, likeness: Likeness, email = true) => ({
  externalId: "O1",
  username: "pc.owner",
  forename: "Pat",
  surname: "Owner",
  ...(email ? { email: `owner@${tenantId}.example`, emailVerified: true } : {}),
  userType: "staff",
  roles: ["site-admin", "staff"],
  ...likeness,
});

/** A tenant with a login option and a PIN-code user to be (a site admin, to prove roles are not inherited). */
async function school(login: Login = "all_clients", options: { ownerEmail?: boolean } = {}) {
  const tenant = await createTestTenant(runtime);
  const patched = await api("PATCH", "/v1/tenant", {
    apiKey: tenant.apiKey,
    json: { preferences: { pinCodeLogin: login } },
  });
  expect(patched.status).toBe(200);
  const likeness = {
    permissions: ["calibrate", "view-assets"],
    profiles: ["lab-a"],
    companyExceptions: ["acme"],
  };
  // A roster may not make a site admin: the owner is one already, created by the operator.
  const withEmail = options.ownerEmail ?? true;
  await createUserWithPassword(runtime.deps(), {
    tenantId: tenant.tenantId,
    externalId: "O1",
    username: "pc.owner",
    forename: "Pat",
    surname: "Owner",
    userType: "staff",
    roles: ["site-admin", "staff"],
    ...(withEmail ? { email: `owner@${tenant.tenantId}.example`, emailVerified: true } : {}),
    password: staffPassword,
  });
  await roster(tenant.tenantId, tenant.apiKey, likeness, withEmail);
  const ids = await runtime.deps().users.idsByExternalId(tenant.tenantId, ["O1"]);
  // The owner is a site admin: only a signed-in admin with as much privilege, confirming, may assign their code.
  const session = await api("POST", "/v1/sessions", {
    json: { tenantId: tenant.tenantId, username: "admin", password: staffPassword },
  });
  return {
    ...tenant,
    adminToken: session.body.token as string,
    owner: ids.get("O1") as string,
    ownerEmail: `owner@${tenant.tenantId}.example`,
  };
}
type School = Awaited<ReturnType<typeof school>>;

async function roster(tenantId: string, apiKey: string, likeness: Likeness, email = true) {
  const imported = await api("POST", "/v1/roster", {
    apiKey,
    json: { users: [ownerRow(tenantId, likeness, email)] },
  });
  expect(imported.status).toBe(200);
  expect(imported.body.failed).toBe(0);
}

const codePattern = new RegExp(
  `[${pinCodeAlphabet}]{5}-[${pinCodeAlphabet}]{5}-[${pinCodeAlphabet}]{5}`,
  "g",
);

/** The emails the SES emulator holds for one address, oldest first. */
const inbox = (address: string) => sentTo(runtime, address);

/** Waits for the `nth` email to an address (1-based) and returns it. */
const nthEmail = (address: string, nth = 1) =>
  eventually(async () => {
    const emails = await inbox(address);
    return emails.length >= nth ? emails[nth - 1] : undefined;
  });

/** Assigns (or regenerates) the owner's code and reads it back from the email it was sent in. */
async function assignAndRead(s: School, to?: string) {
  const address = to ?? s.ownerEmail;
  const before = (await inbox(address)).length;
  const assigned = await api("POST", `/v1/users/${s.owner}/pin-code`, {
    token: s.adminToken,
    json: { ...(to ? { to } : {}), password: staffPassword },
  });
  expect(assigned.status).toBe(200);
  // The answer never carries the code.
  expect(assigned.text.match(codePattern)).toBeNull();
  const email = await nthEmail(address, before + 1);
  expect(email?.subject).toContain("PIN code");
  const codes = email?.body.text?.match(codePattern) ?? [];
  expect(codes).toHaveLength(1);
  return { code: codes[0] as string, email, assigned };
}

const signUp = (
  s: Pick<School, "tenantId">,
  pinCode: string,
  username: string,
  extra: Record<string, unknown> = {},
) =>
  api("POST", "/v1/sign-ups", {
    json: {
      tenantId: s.tenantId,
      pinCode,
      email: `${username}@${s.tenantId}.example`,
      username,
      client: "web",
      ...extra,
    },
  });

const events = async (s: School, userId: string) =>
  (
    await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      "GET",
      `/v1/users/${userId}/events`,
      { apiKey: s.apiKey },
    )
  ).body.items;

describe("PIN-code users and sign-up", () => {
  it("assigns and emails a code; a sign-up with it inherits exactly what the owner holds then and must set a password", async () => {
    const s = await school();
    const { code, email, assigned } = await assignAndRead(s);
    expect(assigned.body).toMatchObject({
      userId: s.owner,
      pinCode: { active: true },
      email: { to: s.ownerEmail },
    });
    expect(email?.body.text).toContain(`/sign-up?tenant=${s.tenantId}`);
    const owner = await api("GET", `/v1/users/${s.owner}`, { apiKey: s.apiKey });
    expect(owner.body.pinCode).toMatchObject({
      active: true,
      assignedBy: `user:${s.admin.userId}`,
    });
    expect(owner.text.match(codePattern)).toBeNull();

    // The owner changes after the code was sent: the sign-up copies what the owner holds at that moment.
    const now = { permissions: ["calibrate"], profiles: ["lab-b"], companyExceptions: ["acme", "globex"] };
    await roster(s.tenantId, s.apiKey, now);

    const created = await signUp(s, code.toLowerCase().replaceAll("-", " "), "new.person");
    expect(created.status).toBe(201);
    const newUserId = created.body.userId as string;
    const newUser = await api("GET", `/v1/users/${newUserId}`, { apiKey: s.apiKey });
    expect(newUser.body).toMatchObject({
      username: "new.person",
      email: `new.person@${s.tenantId}.example`,
      ...now,
    });
    expect(newUser.body.permissions).toEqual(now.permissions);
    expect(newUser.body.profiles).toEqual(now.profiles);
    expect(newUser.body.companyExceptions).toEqual(now.companyExceptions);
    // The default role of the type, which the owner holds too; never the owner's site-admin.
    expect(newUser.body.roles).toEqual(["staff"]);
    expect(newUser.body.pinCode).toBeUndefined();

    const welcome = await nthEmail(`new.person@${s.tenantId}.example`);
    expect(welcome?.subject).toContain("new");
    const temporary = /Temporary password: (\S+)/.exec(welcome?.body.text ?? "")?.[1] as string;
    expect(temporary).toBeTruthy();
    expect(welcome?.body.text).toContain(`:${new URL(runtime.apiUrl).port}`);
    // The sign-in link leads to the school's working sign-in page.
    const signInLink = `${runtime.apiUrl}/sign-in?tenant=${s.tenantId}`;
    expect(welcome?.body.text).toContain(`Sign in at ${signInLink} `);
    const signInPage = await fetch(signInLink);
    expect(signInPage.status).toBe(200);
    expect(await signInPage.text()).toContain('<form method="post" action="/sign-in">');

    const first = await api("POST", "/v1/sessions", {
      json: { tenantId: s.tenantId, username: "new.person", password: temporary },
    });
    expect(first.status).toBe(200);
    expect(first.body.challenge).toBe("NEW_PASSWORD_REQUIRED");
    const completed = await api("POST", "/v1/sessions/new-password", {
      json: { challengeToken: first.body.challengeToken, newPassword: "my-own-long-password-2026" },
    });
    expect(completed.status).toBe(201);
    const signedIn = await api("POST", "/v1/sessions", {
      json: { tenantId: s.tenantId, username: "new.person", password: "my-own-long-password-2026" },
    });
    expect(signedIn.status).toBe(201);

    // The code works again for the next person (it is the owner's, not single use).
    expect((await signUp(s, code, "second.person")).status).toBe(201);

    const ownerEvents = (await events(s, s.owner)).map((e) => e.action);
    expect(ownerEvents).toEqual(
      expect.arrayContaining(["pin-code.assigned", "pin-code.emailed", "user.signed-up-with-pin-code"]),
    );
    const newEvents = await events(s, newUserId);
    expect(newEvents.find((e) => e.action === "user.signed-up-with-pin-code")?.details).toMatchObject({
      ownerUserId: s.owner,
      newUserId,
      client: "web",
    });
    const audit = await api("GET", "/v1/audit-events", { apiKey: s.apiKey });
    expect(audit.text).toContain("user.signed-up-with-pin-code");
    expect(audit.text.match(codePattern)).toBeNull();
  });

  it("emails another requestor; regenerating voids the old code; a revoked code is refused", async () => {
    const s = await school();
    const requestor = `requestor@${s.tenantId}.example`;
    // A requestor is a colleague in the same school with a verified email.
    await addUser(runtime, s.tenantId, "requestor", ["staff"], requestor);
    const first = await assignAndRead(s, requestor);
    const second = await assignAndRead(s);
    expect(second.code).not.toBe(first.code);

    const old = await signUp(s, first.code, "via.old");
    expect(old.status).toBe(422);
    expect(old.body.errors).toEqual([{ pointer: "/pinCode", detail: "is not a valid PIN code" }]);
    expect((await signUp(s, second.code, "via.new")).status).toBe(201);

    expect((await api("DELETE", `/v1/users/${s.owner}/pin-code`, { apiKey: s.apiKey })).status).toBe(204);
    expect((await api("GET", `/v1/users/${s.owner}`, { apiKey: s.apiKey })).body.pinCode).toBeUndefined();
    const revoked = await signUp(s, second.code, "via.revoked");
    expect(revoked.status).toBe(422);
    expect(revoked.body).toEqual({ ...old.body, instance: revoked.body.instance });
    expect((await api("DELETE", `/v1/users/${s.owner}/pin-code`, { apiKey: s.apiKey })).status).toBe(404);
    expect((await events(s, s.owner)).map((e) => e.action)).toContain("pin-code.revoked");
  });

  it("needs an address: the user's own or one the admin types", async () => {
    const s = await school("all_clients", { ownerEmail: false });
    const none = await api("POST", `/v1/users/${s.owner}/pin-code`, {
      token: s.adminToken,
      json: { password: staffPassword },
    });
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([expect.objectContaining({ pointer: "/to" })]);
    expect((await api("GET", `/v1/users/${s.owner}`, { apiKey: s.apiKey })).body.pinCode).toBeUndefined();
    await addUser(runtime, s.tenantId, "office", ["staff"], `office@${s.tenantId}.example`);
    const { code } = await assignAndRead(s, `office@${s.tenantId}.example`);
    expect(code).toMatch(codePattern);
  });

  it("lets only admins with users:pin-codes assign codes", async () => {
    const s = await school();
    const tokenOf = async (username: string) =>
      (
        await api("POST", "/v1/sessions", {
          json: { tenantId: s.tenantId, username, password: staffPassword },
        })
      ).body.token as string;
    await addUser(runtime, s.tenantId, "teacher", ["class-teacher", "staff"]);
    const byTeacher = await api("POST", `/v1/users/${s.owner}/pin-code`, {
      token: await tokenOf("teacher"),
      json: {},
    });
    expect(byTeacher.status).toBe(403);
    const adminToken = await tokenOf("admin");
    const byAdmin = await api("POST", `/v1/users/${s.owner}/pin-code`, {
      token: adminToken,
      json: { password: staffPassword },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.pinCode).toMatchObject({ assignedBy: `user:${s.admin.userId}` });
  });

  it("follows the tenant's login option: off refuses everyone, web_only refuses the desktop client", async () => {
    const off = await school("off");
    const offCode = (await assignAndRead(off)).code;
    const refused = await signUp(off, offCode, "when.off");
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("not available");

    const web = await school("web_only");
    const { code } = await assignAndRead(web);
    const desktop = await signUp(web, code, "from.desktop", { client: "desktop" });
    expect(desktop.status).toBe(403);
    expect(desktop.body.detail).toContain("web only");
    expect((await signUp(web, code, "from.web")).status).toBe(201);
  });

  it("answers a taken username 409 and an invalid email 400, creating nothing", async () => {
    const s = await school();
    const { code } = await assignAndRead(s);
    const count = async () =>
      (await api<{ items: unknown[] }>("GET", "/v1/users?limit=200", { apiKey: s.apiKey })).body.items.length;
    const before = await count();
    const taken = await signUp(s, code, "PC.Owner", { email: `refused@${s.tenantId}.example` });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ pointer: "/username", detail: "is already taken" }]);
    const badEmail = await signUp(s, code, "bad.email", { email: "not-an-email" });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors).toEqual([expect.objectContaining({ pointer: "/email" })]);
    expect(await count()).toBe(before);
    expect(await runtime.deps().users.findByUsername(s.tenantId, "bad.email")).toBeUndefined();
    // Let the queue run: no welcome email went to the refused address.
    expect((await signUp(s, code, "after.taken")).status).toBe(201);
    await nthEmail(`after.taken@${s.tenantId}.example`);
    expect(await inbox(`refused@${s.tenantId}.example`)).toHaveLength(0);
  });

  it("locks a code after five wrong guesses and answers every wrong code alike, no faster for an unknown handle", async () => {
    const s = await school();
    const { code } = await assignAndRead(s);
    const [handle] = code.split("-");
    const wrongSecret = `${handle}-${code.slice(6) === "22222-22222" ? "33333-33333" : "22222-22222"}`;
    const unknownHandle = `${handle === "ZZZZZ" ? "YYYYY" : "ZZZZZ"}-${code.slice(6)}`;
    const timed = async (pinCode: string, username: string) => {
      const started = Date.now();
      const response = await signUp(s, pinCode, username);
      return { response, ms: Date.now() - started };
    };
    const unknown = await timed(unknownHandle, "guess.unknown");
    const malformed = await timed("1234", "guess.short");
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push(await timed(wrongSecret, `guess.${i}`));
    for (const attempt of [unknown, malformed, ...wrong]) {
      expect(attempt.response.status).toBe(422);
      expect(attempt.response.body).toEqual({
        ...unknown.response.body,
        instance: attempt.response.body.instance,
      });
      expect(attempt.ms).toBeGreaterThanOrEqual(390);
    }
    // Locked: the right code is refused like a wrong one.
    const locked = await signUp(s, code, "right.but.locked");
    expect(locked.status).toBe(422);
    expect(await runtime.deps().users.findByUsername(s.tenantId, "right.but.locked")).toBeUndefined();
  });

  it("limits wrong codes per source: after 20 in a window the address gets 429, whatever the code", async () => {
    await clearOfWindowEdge();
    const s = await school();
    const guesses = Array.from({ length: 24 }, (_, i) =>
      signUp(s, `ZZZZZ-ZZZZZ-ZZZ${pinCodeAlphabet[i] ?? "2"}${pinCodeAlphabet[i + 1] ?? "3"}`, `flood.${i}`),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status).sort();
    expect(statuses.filter((st) => st === 422)).toHaveLength(20);
    expect(statuses.filter((st) => st === 429)).toHaveLength(4);
    const { code } = await assignAndRead(s);
    const limited = await signUp(s, code, "right.but.limited");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("keeps tenants apart: a code works only in its tenant, and admins reach only their own users", async () => {
    const a = await school();
    const b = await school();
    const { code } = await assignAndRead(a);
    const elsewhere = await signUp(b, code, "cross.tenant");
    expect(elsewhere.status).toBe(422);
    expect(await runtime.deps().users.findByUsername(b.tenantId, "cross.tenant")).toBeUndefined();
    expect((await api("POST", `/v1/users/${a.owner}/pin-code`, { apiKey: b.apiKey, json: {} })).status).toBe(
      404,
    );
    expect((await api("DELETE", `/v1/users/${a.owner}/pin-code`, { apiKey: b.apiKey })).status).toBe(404);
    // a's code still works in a.
    expect((await signUp(a, code, "home.tenant")).status).toBe(201);
  });

  it("serves a sign-up page whose form posts to the service, shows refusals again escaped, and creates the user", async () => {
    const s = await school();
    const { code } = await assignAndRead(s);
    const browser = pageClient(runtime);
    const pageResponse = await browser.get(`/sign-up?tenant=${s.tenantId}`);
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get("content-type")).toContain("text/html");
    expect(pageResponse.headers.get("content-security-policy")).toContain("default-src 'none'");
    const pageText = pageResponse.text;
    expect(pageText).toContain('action="/sign-up"');
    expect(pageText).toContain(`value="${s.tenantId}"`);
    expect(pageText).toContain(`<p class="school">School ${s.tenantId}</p>`);
    // No inline script: the one script is the service's own file (the policy allows no other).
    expect(pageText).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);

    const fieldsOf = (fields: Record<string, string>) => ({
      tenant: s.tenantId,
      forename: "",
      surname: "",
      ...fields,
    });
    // The form carries the browser's form token; without it nothing is looked at.
    const noToken = await browser.post(
      "/sign-up",
      fieldsOf({ pinCode: code, email: `page.user@${s.tenantId}.example`, username: "page.user" }),
    );
    expect(noToken.status).toBe(403);
    expect(await runtime.deps().users.findByUsername(s.tenantId, "page.user")).toBeUndefined();
    const post = async (fields: Record<string, string>) => {
      const response = await browser.post("/sign-up", { csrf: pageResponse.csrf ?? "", ...fieldsOf(fields) });
      return { status: response.status, text: async () => response.text };
    };
    const badEmail = await post({ pinCode: code, email: '"><script>x</script>', username: "page.user" });
    expect(badEmail.status).toBe(400);
    const badText = await badEmail.text();
    expect(badText).toContain("&quot;&gt;&lt;script&gt;");
    expect(badText).not.toContain("<script>x");

    const wrong = await post({
      pinCode: "ZZZZZ-ZZZZZ-ZZZZZ",
      email: `page.user@${s.tenantId}.example`,
      username: "page.user",
    });
    expect(wrong.status).toBe(422);
    const wrongText = await wrong.text();
    expect(wrongText).toContain("The PIN code is not valid.");
    expect(wrongText).toContain(`value="page.user@${s.tenantId}.example"`);

    const created = await post({
      pinCode: code,
      email: `page.user@${s.tenantId}.example`,
      username: "page.user",
    });
    expect(created.status).toBe(201);
    expect(await created.text()).toContain("<b>page.user</b> was created");
    const user = await runtime.deps().users.findByUsername(s.tenantId, "page.user");
    expect(user).toMatchObject({ forename: "page.user", companyExceptions: ["acme"] });
    await nthEmail(`page.user@${s.tenantId}.example`);
    const events = await api<{ items: { details: Record<string, unknown> }[] }>(
      "GET",
      `/v1/users/${user?.userId}/events`,
      { apiKey: s.apiKey },
    );
    expect(events.body.items[0]?.details.client).toBe("web");
  });

  it("leaves nothing behind when the welcome email cannot be queued, and gives one of two racing sign-ups the username", async () => {
    const s = await school();
    const { code } = await assignAndRead(s);
    const deps = runtime.deps();
    const input = {
      tenantId: s.tenantId,
      pinCode: code,
      email: `unlucky@${s.tenantId}.example`,
      username: "unlucky",
      client: "web" as const,
      sourceIp: "198.51.100.7",
    };
    const failing = {
      ...deps,
      outbox: { ...deps.outbox, enqueue: async () => Promise.reject(new Error("queue unavailable")) },
    };
    await expect(signUpWithPinCode(failing, input)).rejects.toThrow("queue unavailable");
    expect(await deps.users.findByUsername(s.tenantId, "unlucky")).toBeUndefined();
    // The same username works on the next try.
    expect((await signUp(s, code, "unlucky")).status).toBe(201);

    const racing = await Promise.all([signUp(s, code, "racer"), signUp(s, code, "Racer")]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
