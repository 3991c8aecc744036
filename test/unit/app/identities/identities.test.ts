import { describe, expect, it, vi } from "vitest";
import {
  consentToLatchkeyId,
  leaveMembership,
  withdrawLatchkeyIdConsent,
} from "../../../../lib/app/identities/consent.js";
import { signInWithLatchkeyId, switchSchool } from "../../../../lib/app/identities/identity-sign-in.js";
import { activeMemberships } from "../../../../lib/app/identities/memberships.js";
import { createIdentity } from "../../../../lib/app/operator/create-identity.js";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import { changePassword } from "../../../../lib/app/sessions/change-password.js";
import { reauthenticate } from "../../../../lib/app/sessions/reauthenticate.js";
import { identityOwner, maxIdentityAuthAgeMs } from "../../../../lib/domain/identity.js";
import { apiKeyPrincipal, aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { type FakeDeps, fakeDeps, fakeHashOf } from "../../../fakes/index.js";

const password = "one-password-for-every-school-7";

/** A person with an account (and her email) in `count` schools, each with a site admin; the identity created. */
async function world(count: number, email = `${uniqueId("jo")}@trust.example`) {
  const deps = fakeDeps();
  const schools = [];
  for (let i = 0; i < count; i++) {
    const tenantId = uniqueId("school");
    deps.tenants.seed({ tenantId, name: `School ${String(count - i).padStart(2, "0")}` });
    const jo = aUser({ tenantId, email, roles: ["class-teacher", "staff"] });
    const admin = aUser({ tenantId, roles: ["site-admin", "staff"] });
    await deps.users.create(jo);
    await deps.users.create(admin);
    schools.push({ tenantId, jo, admin: userPrincipal(tenantId, admin.userId, admin.roles) });
  }
  await createIdentity(deps, { email, tenantIds: schools.map((s) => s.tenantId) });
  const owner = identityOwner(email);
  await deps.credentials.setPassword(owner.tenantId, owner.userId, fakeHashOf(password), deps.clock.now());
  await deps.identities.markEmailProven(email, deps.clock.now());
  return { deps, email, schools };
}

const signIn = (deps: FakeDeps, email: string, tenantId?: string, typed = password) =>
  signInWithLatchkeyId(deps, {
    email,
    password: typed,
    sourceIp: "203.0.113.9",
    ...(tenantId && { tenantId }),
  });

async function principalOf(deps: FakeDeps, token: string) {
  return (await authenticate(deps, { bearer: token })).principal;
}

describe("consentToLatchkeyId", () => {
  it("is refused to an API key and to staff; another school's account is not found", async () => {
    const { deps, schools } = await world(2);
    const [a, b] = schools;
    if (!a || !b) throw new Error();
    await expect(consentToLatchkeyId(deps, apiKeyPrincipal(a.tenantId), a.jo.userId)).rejects.toThrow(
      /identities consent/,
    );
    const staff = userPrincipal(a.tenantId, a.jo.userId, ["class-teacher", "staff"]);
    await expect(consentToLatchkeyId(deps, staff, a.jo.userId)).rejects.toThrow(/identities consent/);
    await expect(consentToLatchkeyId(deps, a.admin, b.jo.userId)).rejects.toThrow(/not found/);
  });

  it("never acts on an account with more privilege than the admin's", async () => {
    const { deps, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    const head = aUser({
      tenantId: a.tenantId,
      email: "head@trust.example",
      roles: ["headteacher", "staff"],
    });
    await deps.users.create(head);
    await expect(consentToLatchkeyId(deps, a.admin, head.userId)).rejects.toThrow(/Not allowed|privilege/i);
    expect((await deps.identities.links("head@trust.example")).some((l) => l.consentedAt)).toBe(false);
  });

  it("is idempotent: two consents at once audit once; withdrawing twice audits once", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    await Promise.all([
      consentToLatchkeyId(deps, a.admin, a.jo.userId),
      consentToLatchkeyId(deps, a.admin, a.jo.userId),
    ]);
    const actions = () => deps.audit.all().map((e) => `${e.tenantId}:${e.action}`);
    expect(actions().filter((e) => e.endsWith("consented"))).toEqual([
      `~:latchkey-id.consented`,
      `${a.tenantId}:latchkey-id.consented`,
      `${a.tenantId}:latchkey-id.consented`,
    ]);
    await Promise.all([
      withdrawLatchkeyIdConsent(deps, a.admin, a.jo.userId),
      withdrawLatchkeyIdConsent(deps, a.admin, a.jo.userId),
    ]);
    expect(actions().filter((e) => e.endsWith("unlinked"))).toHaveLength(3);
    expect(await activeMemberships(deps, email)).toEqual([]);
    // Every event under the identity scope is on the identity's own history, never tenant-wide.
    expect(
      deps.audit
        .all()
        .filter((e) => e.tenantId === "~")
        .every((e) => e.userId === email),
    ).toBe(true);
  });
});

describe("signInWithLatchkeyId and switchSchool", () => {
  async function linked(count: number) {
    const w = await world(count);
    for (const s of w.schools) await consentToLatchkeyId(w.deps, s.admin, s.jo.userId);
    return w;
  }

  it("rehashes the identity's password made under an old pepper once it signs in", async () => {
    const { deps, email } = await linked(1);
    const owner = identityOwner(email);
    deps.hasher.stale.add(fakeHashOf(password));
    const rehash = vi.spyOn(deps.credentials, "rehashPassword");
    await signIn(deps, email);
    expect(rehash).toHaveBeenCalledWith(
      owner.tenantId,
      owner.userId,
      fakeHashOf(password),
      fakeHashOf(password),
    );
  });

  it("signs in to the first school by name without a tenant, and lists the others", async () => {
    const { deps, email, schools } = await linked(3);
    const { result, memberships } = await signIn(deps, email);
    if (result.kind !== "session") throw new Error(result.kind);
    // Names were given in reverse order: the last school created is "School 01".
    expect(result.user.tenantId).toBe(schools[2]?.tenantId);
    expect(memberships.map((m) => m.name)).toEqual(["School 01", "School 02", "School 03"]);
    const principal = await principalOf(deps, result.token);
    expect(principal).toMatchObject({ identity: email, session: { amr: ["pwd"] } });
  });

  it("lists 50 schools with a bounded number of reads", async () => {
    const { deps, email } = await linked(50);
    deps.identities.reads = 0;
    expect(await activeMemberships(deps, email)).toHaveLength(50);
    expect(deps.identities.reads).toBeLessThanOrEqual(2);
  });

  it("switches keeping identity, methods and auth time; refuses once the auth time is older than 12 hours", async () => {
    const { deps, email, schools } = await linked(3);
    const [a, b, c] = schools;
    if (!a || !b || !c) throw new Error();
    const { result } = await signIn(deps, email, a.tenantId);
    if (result.kind !== "session") throw new Error(result.kind);
    const atA = await principalOf(deps, result.token);
    const authTime = deps.clock.now().getTime();
    deps.clock.advance(60_000);
    const toB = await switchSchool(deps, atA, b.tenantId);
    const atB = await principalOf(deps, toB.token);
    expect(atB).toMatchObject({ tenantId: b.tenantId, userId: b.jo.userId, identity: email });
    expect(atB.kind === "user" && atB.session).toMatchObject({ amr: ["pwd"], authTime });
    deps.clock.advance(maxIdentityAuthAgeMs);
    const stillB = await switchSchool(deps, atB, c.tenantId).catch((e: Error) => e);
    expect(stillB).toMatchObject({
      code: "unauthenticated",
      message: expect.stringMatching(/Sign in again/),
    });
  });

  it("refuses a switch to a school whose membership was removed meanwhile, or where the account left", async () => {
    const { deps, email, schools } = await linked(3);
    const [a, b, c] = schools;
    if (!a || !b || !c) throw new Error();
    const { result } = await signIn(deps, email, a.tenantId);
    if (result.kind !== "session") throw new Error(result.kind);
    const atA = await principalOf(deps, result.token);
    await withdrawLatchkeyIdConsent(deps, b.admin, b.jo.userId);
    await expect(switchSchool(deps, atA, b.tenantId)).rejects.toThrow(/Membership not found/);
    deps.users.change(c.tenantId, c.jo.userId, (u) => {
      u.status = "left";
    });
    await expect(switchSchool(deps, atA, c.tenantId)).rejects.toThrow(/Membership not found/);
    expect((await activeMemberships(deps, email)).map((m) => m.tenantId)).toEqual([a.tenantId]);
    // The person leaves school A herself: once only.
    await leaveMembership(deps, atA, a.tenantId);
    await expect(leaveMembership(deps, atA, a.tenantId)).rejects.toThrow(/Membership not found/);
    expect(await activeMemberships(deps, email)).toEqual([]);
  });

  it("keeps one failure counter per identity: 5 bad passwords at one school lock sign-in at the others", async () => {
    const { deps, email, schools } = await linked(2);
    const [a, b] = schools;
    if (!a || !b) throw new Error();
    for (let i = 0; i < 5; i++) {
      await expect(signIn(deps, email, a.tenantId, "wrong")).rejects.toThrow(/Authentication failed/);
    }
    await expect(signIn(deps, email, b.tenantId)).rejects.toThrow(/Authentication failed/);
  });
});

describe("re-authentication in a Latchkey ID session", () => {
  it("confirms with the identity's password, not the school account's, and changes the identity's password", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    await consentToLatchkeyId(deps, a.admin, a.jo.userId);
    await deps.credentials.setPassword(
      a.tenantId,
      a.jo.userId,
      fakeHashOf("the-school-password-1"),
      deps.clock.now(),
    );
    const { result } = await signIn(deps, email, a.tenantId);
    if (result.kind !== "session") throw new Error(result.kind);
    const principal = await principalOf(deps, result.token);
    await expect(reauthenticate(deps, principal, "the-school-password-1")).rejects.toThrow(
      /Authentication failed/,
    );
    expect((await reauthenticate(deps, principal, password)).owner).toEqual(identityOwner(email));

    await changePassword(deps, principal, {
      currentPassword: password,
      newPassword: "a-brand-new-identity-pass-9",
    });
    await expect(signIn(deps, email, a.tenantId)).rejects.toThrow(/Authentication failed/);
    const again = await signIn(deps, email, a.tenantId, "a-brand-new-identity-pass-9");
    expect(again.result.kind).toBe("session");
    // The school account's own password is untouched.
    expect((await deps.credentials.getPassword(a.tenantId, a.jo.userId))?.hash).toBe(
      fakeHashOf("the-school-password-1"),
    );
  });
});

describe("createIdentity (operator)", () => {
  it("links only schools where the person has an account, reports the others, and needs each school's consent", async () => {
    const { deps, email, schools } = await world(1);
    const elsewhere = uniqueId("school");
    deps.tenants.seed({ tenantId: elsewhere });
    const again = await createIdentity(deps, { email, tenantIds: [schools[0]?.tenantId ?? "", elsewhere] });
    expect(again).toMatchObject({ created: false, noAccount: [elsewhere] });
    expect(again.linked).toEqual([
      { tenantId: schools[0]?.tenantId, userId: schools[0]?.jo.userId, consented: false },
    ]);
    expect(await activeMemberships(deps, email)).toEqual([]);
  });
});
