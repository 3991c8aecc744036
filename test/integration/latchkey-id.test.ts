import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { failedSignInFloorMs } from "../../lib/app/answer-floor.js";
import { createIdentity } from "../../lib/app/operator/create-identity.js";
import { maxIdentityAuthAgeMs } from "../../lib/domain/identity.js";
import { type client, createTestTenant, startTestRuntime } from "./harness.js";
import { latchkeyIdFixtures } from "./latchkey-id-fixtures.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let fx: ReturnType<typeof latchkeyIdFixtures>;
let schoolsOf: typeof fx.schoolsOf;
let setIdentityPassword: typeof fx.setIdentityPassword;
let consent: typeof fx.consent;
let linkedPerson: typeof fx.linkedPerson;
let signIn: typeof fx.signIn;
let idPassword: string;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  fx = latchkeyIdFixtures(runtime);
  ({ api, schoolsOf, setIdentityPassword, consent, linkedPerson, signIn, idPassword } = fx);
}, 60_000);
afterAll(async () => runtime?.stop());

describe("school consent to a Latchkey ID", () => {
  it("is a signed-in site admin's action only, idempotent, audited in the school and on the identity", async () => {
    const email = "consent.jo@trust.example";
    const [a] = await schoolsOf(email, 1);
    if (!a) throw new Error("no school");
    await createIdentity(runtime.deps(), { email, tenantIds: [a.tenantId] });
    // An API key never consents; a member of staff neither.
    expect((await api("PUT", `/v1/users/${a.joId}/latchkey-id`, { apiKey: a.apiKey })).status).toBe(403);
    // Two consents at once: one link, consented once, audited once.
    const both = await Promise.all([consent(a), consent(a)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both[0]?.body).toMatchObject({ userId: a.joId, email, consented: true });
    const links = await runtime.deps().identities.links(email);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ tenantId: a.tenantId, consentedBy: `user:${a.admin.userId}` });
    const events = await api<{ items: { action: string }[] }>("GET", "/v1/audit-events", {
      token: a.adminToken,
    });
    expect(events.body.items.filter((e) => e.action === "latchkey-id.consented")).toHaveLength(1);
    const own = await runtime.deps().audit.forUser("~", email, { limit: 20 });
    expect(own.items.map((e) => e.action).sort()).toEqual(["latchkey-id.consented", "latchkey-id.created"]);
    // No tenant-wide event under the identity scope.
    expect((await runtime.deps().audit.forTenant("~", { limit: 5 })).items).toEqual([]);

    // The school unlinks (twice at once: one withdrawal, audited once); sign-in there stops.
    await setIdentityPassword(email);
    expect((await signIn(email, a.tenantId)).status).toBe(201);
    const unlinks = await Promise.all([
      api("DELETE", `/v1/users/${a.joId}/latchkey-id`, { token: a.adminToken }),
      api("DELETE", `/v1/users/${a.joId}/latchkey-id`, { token: a.adminToken }),
    ]);
    expect(unlinks.map((r) => r.status)).toEqual([200, 200]);
    expect((await runtime.deps().identities.links(email))[0]?.consentedAt).toBeUndefined();
    const after = await api<{ items: { action: string }[] }>("GET", "/v1/audit-events", {
      token: a.adminToken,
    });
    expect(after.body.items.filter((e) => e.action === "latchkey-id.unlinked")).toHaveLength(1);
    expect((await signIn(email, a.tenantId)).status).toBe(401);
  }, 60_000);

  it("refuses an account without an email, and another school's account is not found", async () => {
    const [a, b] = await schoolsOf("noemail.jo@trust.example", 2);
    if (!a || !b) throw new Error("no school");
    const noEmail = await api<{ userId: string }>("POST", "/v1/roster", {
      apiKey: a.apiKey,
      json: {
        users: [{ externalId: "X", username: "x.noemail", forename: "X", surname: "Y", userType: "staff" }],
      },
    });
    expect(noEmail.status).toBe(200);
    const xId = (await runtime.deps().users.idsByExternalId(a.tenantId, ["X"])).get("X");
    const refused = await api("PUT", `/v1/users/${xId}/latchkey-id`, { token: a.adminToken });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await api("PUT", `/v1/users/${b.joId}/latchkey-id`, { token: a.adminToken })).status).toBe(404);
    expect(
      (await runtime.deps().identities.links("noemail.jo@trust.example")).some((l) => l.consentedAt),
    ).toBe(false);
  }, 60_000);
});

describe("signing in with a Latchkey ID and switching school", () => {
  it("switches A → B → C; each token reaches only its school; a membership removed meanwhile is refused", async () => {
    const email = "switch.jo@trust.example";
    const [a, b, c] = await linkedPerson(email, 3);
    if (!a || !b || !c) throw new Error("no school");
    const atA = await signIn(email, a.tenantId);
    expect(atA.status).toBe(201);
    expect((await api("GET", "/v1/tenant", { token: atA.body.token })).body).toMatchObject({
      tenantId: a.tenantId,
    });
    expect(atA.body.memberships).toHaveLength(3);
    expect(atA.body.memberships.find((m) => m.current)?.tenantId).toBe(a.tenantId);

    const toB = await api<{ token: string }>("POST", "/v1/sessions/switch", {
      token: atA.body.token,
      json: { tenantId: b.tenantId },
    });
    expect(toB.status).toBe(201);
    const toC = await api<{ token: string }>("POST", "/v1/sessions/switch", {
      token: toB.body.token,
      json: { tenantId: c.tenantId },
    });
    expect(toC.status).toBe(201);
    for (const [token, school] of [
      [atA.body.token, a],
      [toB.body.token, b],
      [toC.body.token, c],
    ] as const) {
      expect((await api("GET", "/v1/tenant", { token })).body).toMatchObject({ tenantId: school.tenantId });
      for (const other of [a, b, c].filter((s) => s !== school)) {
        expect((await api("GET", `/v1/users/${other.joId}`, { token })).status).toBe(404);
      }
      const listed = await api<{ items: { tenantId: string; current: boolean }[] }>(
        "GET",
        "/v1/me/memberships",
        {
          token,
        },
      );
      expect(listed.body.items.filter((m) => m.current).map((m) => m.tenantId)).toEqual([school.tenantId]);
    }
    const ownEvents = await runtime.deps().audit.forUser("~", email, { limit: 50 });
    expect(ownEvents.items.filter((e) => e.action === "latchkey-id.switched")).toHaveLength(2);
    // The person reads the identity's own history (every school); a school account reads its own; a key nothing.
    const mine = await api<{ items: { action: string; tenantId: string }[] }>("GET", "/v1/me/events", {
      token: toC.body.token,
    });
    expect(mine.body.items.filter((e) => e.action === "latchkey-id.switched")).toHaveLength(2);
    const adminOwn = await api<{ items: { action: string }[] }>("GET", "/v1/me/events", {
      token: a.adminToken,
    });
    expect(adminOwn.status).toBe(200);
    expect(adminOwn.body.items.some((e) => e.action === "latchkey-id.switched")).toBe(false);
    expect((await api("GET", "/v1/me/events", { apiKey: a.apiKey })).status).toBe(403);
    const inB = await api<{ items: { action: string }[] }>("GET", "/v1/audit-events", {
      token: b.adminToken,
    });
    const switchesInB = inB.body.items.filter((e) => e.action === "latchkey-id.switched");
    expect(switchesInB).toHaveLength(2);
    // School B's log says the person came in and went out, never which other schools they belong to.
    expect(JSON.stringify(switchesInB)).not.toContain(a.tenantId);
    expect(JSON.stringify(switchesInB)).not.toContain(c.tenantId);

    // School A withdraws its consent: the next switch to A is refused and changes nothing.
    await api("DELETE", `/v1/users/${a.joId}/latchkey-id`, { token: a.adminToken });
    const back = await api("POST", "/v1/sessions/switch", {
      token: toC.body.token,
      json: { tenantId: a.tenantId },
    });
    expect(back.status).toBe(404);
    // The session already in school A ends with the consent.
    expect((await api("GET", "/v1/tenant", { token: atA.body.token })).status).toBe(401);
    // The person leaves school B herself: B is gone from her list, and switching there is refused.
    expect((await api("DELETE", `/v1/me/memberships/${b.tenantId}`, { token: toC.body.token })).status).toBe(
      204,
    );
    expect((await api("GET", "/v1/tenant", { token: toB.body.token })).status).toBe(401);
    expect((await api("DELETE", `/v1/me/memberships/${b.tenantId}`, { token: toC.body.token })).status).toBe(
      404,
    );
    const left = await api<{ items: { tenantId: string }[] }>("GET", "/v1/me/memberships", {
      token: toC.body.token,
    });
    expect(left.body.items.map((m) => m.tenantId)).toEqual([c.tenantId]);
    expect(
      (await api("POST", "/v1/sessions/switch", { token: toC.body.token, json: { tenantId: b.tenantId } }))
        .status,
    ).toBe(404);
    // A school account's session has no memberships and cannot switch.
    expect((await api("GET", "/v1/me/memberships", { token: a.adminToken })).status).toBe(403);
    expect(
      (await api("POST", "/v1/sessions/switch", { token: a.adminToken, json: { tenantId: b.tenantId } }))
        .status,
    ).toBe(403);
  }, 90_000);

  it("counts failures once per identity: 5 bad passwords at school A lock sign-in at school B too", async () => {
    const email = "lock.jo@trust.example";
    const [a, b] = await linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    for (let i = 0; i < 5; i++) expect((await signIn(email, a.tenantId, "wrong-password")).status).toBe(401);
    const atB = await signIn(email, b.tenantId);
    expect(atB.status).toBe(401);
    const { instance: _i, ...locked } = atB.body as Record<string, unknown>;
    const { instance: _j, ...unknown } = (await signIn("nobody@trust.example", b.tenantId)).body as Record<
      string,
      unknown
    >;
    expect(locked).toEqual(unknown);
    // Every failure waits for the same floor as a school sign-in.
    for (const [who, password] of [
      ["nobody@trust.example", idPassword],
      [email, "wrong-password"],
    ] as const) {
      const started = Date.now();
      expect((await signIn(who, a.tenantId, password)).status).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(failedSignInFloorMs);
    }
  }, 60_000);

  it("refuses to switch once the sign-in is older than 12 hours: 401 sign in again", async () => {
    const email = "old.jo@trust.example";
    const [a, b] = await linkedPerson(email, 2);
    if (!a || !b) throw new Error("no school");
    const now = new Date();
    const { token } = await runtime.deps().sessions.issue(
      {
        tenantId: a.tenantId,
        userId: a.joId,
        roles: ["class-teacher", "staff"],
        identity: email,
        amr: ["pwd"],
        authTime: now.getTime() - maxIdentityAuthAgeMs - 60_000,
      },
      now,
    );
    expect((await api("GET", "/v1/me/memberships", { token })).status).toBe(200);
    const refused = await api("POST", "/v1/sessions/switch", { token, json: { tenantId: b.tenantId } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ detail: expect.stringMatching(/Sign in again/) });
  }, 60_000);

  it("refuses memberships and switching to an API key, and a bad body changes nothing", async () => {
    const [a] = await schoolsOf("key.jo@trust.example", 1);
    if (!a) throw new Error("no school");
    expect((await api("GET", "/v1/me/memberships", { apiKey: a.apiKey })).status).toBe(403);
    expect(
      (await api("POST", "/v1/sessions/switch", { apiKey: a.apiKey, json: { tenantId: a.tenantId } })).status,
    ).toBe(403);
    expect((await api("DELETE", `/v1/me/memberships/${a.tenantId}`, { apiKey: a.apiKey })).status).toBe(403);
    const bad = await api("POST", "/v1/identity-sessions", {
      json: { email: "key.jo@trust.example", extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  }, 60_000);

  it("reaches no school without consent, nor one where the person had no account; a leaver loses it at once", async () => {
    const email = "strict.jo@trust.example";
    const [a, b, c] = await schoolsOf(email, 3);
    if (!a || !b || !c) throw new Error("no school");
    const elsewhere = await createTestTenant(runtime);
    const created = await createIdentity(runtime.deps(), {
      email,
      tenantIds: [a.tenantId, b.tenantId, c.tenantId, elsewhere.tenantId],
    });
    expect(created.noAccount).toEqual([elsewhere.tenantId]);
    expect(created.linked.map((l) => l.consented)).toEqual([false, false, false]);
    await setIdentityPassword(email);
    // Without any consent: nowhere.
    expect((await signIn(email)).status).toBe(401);
    await consent(a);
    await consent(b);
    expect((await signIn(email, c.tenantId)).status).toBe(401);
    expect((await signIn(email, elsewhere.tenantId)).status).toBe(401);
    const first = await signIn(email);
    expect(first.status).toBe(201);
    expect(first.body.memberships.map((m) => m.tenantId).sort()).toEqual([a.tenantId, b.tenantId].sort());

    // Jo leaves school B (the roster says so): the membership is gone at once, for switching and signing in.
    await api("POST", "/v1/roster", {
      apiKey: b.apiKey,
      json: {
        users: [
          {
            externalId: "JO",
            username: "jo.rivers",
            forename: "Jo",
            surname: "Rivers",
            email,
            userType: "staff",
            roles: ["class-teacher", "staff"],
            status: "left",
          },
        ],
      },
    });
    const atA = await signIn(email, a.tenantId);
    expect(atA.body.memberships.map((m) => m.tenantId)).toEqual([a.tenantId]);
    expect(
      (await api("POST", "/v1/sessions/switch", { token: atA.body.token, json: { tenantId: b.tenantId } }))
        .status,
    ).toBe(404);
    expect((await signIn(email, b.tenantId)).status).toBe(401);
  }, 90_000);

  it("lists all 50 schools of a person in 50 schools", async () => {
    const email = "fifty.jo@trust.example";
    const deps = runtime.deps();
    const schools = await schoolsOf(email, 50);
    await createIdentity(deps, { email, tenantIds: schools.map((s) => s.tenantId) });
    await Promise.all(
      schools.map((s) =>
        deps.identities.consent(
          email,
          { tenantId: s.tenantId, userId: s.joId, accountEmail: email, verified: false },
          `user:${s.admin.userId}`,
          new Date(),
        ),
      ),
    );
    await setIdentityPassword(email);
    const session = await signIn(email);
    expect(session.status).toBe(201);
    const listed = await api<{ items: { tenantId: string; name: string }[] }>("GET", "/v1/me/memberships", {
      token: session.body.token,
    });
    expect(listed.body.items).toHaveLength(50);
    expect(new Set(listed.body.items.map((m) => m.tenantId))).toEqual(
      new Set(schools.map((s) => s.tenantId)),
    );
    const names = listed.body.items.map((m) => m.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, "en-GB")));
  }, 180_000);
});
