import { describe, expect, it } from "vitest";
import { sealedTo } from "../../../../lib/app/emails/queue-email.js";
import { consentToLatchkeyId } from "../../../../lib/app/identities/consent.js";
import { signInWithLatchkeyId } from "../../../../lib/app/identities/identity-sign-in.js";
import { createIdentity } from "../../../../lib/app/operator/create-identity.js";
import {
  completePasswordReset,
  requestPasswordReset,
} from "../../../../lib/app/password-resets/password-reset.js";
import { identityOwner } from "../../../../lib/domain/identity.js";
import { signInLimits } from "../../../../lib/domain/rate-limits.js";
import { aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { type FakeDeps, fakeDeps } from "../../../fakes/index.js";

async function world() {
  const deps = fakeDeps();
  const email = `${uniqueId("jo")}@trust.example`;
  const tenantId = uniqueId("school");
  deps.tenants.seed({ tenantId, name: "Ash Grove" });
  const jo = aUser({ tenantId, email, emailVerified: false, roles: ["staff"] });
  const admin = aUser({ tenantId, roles: ["site-admin", "staff"] });
  await deps.users.create(jo);
  await deps.users.create(admin);
  await createIdentity(deps, { email, tenantIds: [tenantId] });
  return { deps, email, tenantId, jo, admin: userPrincipal(tenantId, admin.userId, admin.roles) };
}

/** The reset link's token in the newest queued email (its secret values are sealed to that email). */
async function queuedToken(deps: FakeDeps): Promise<string> {
  const message = deps.outbox.queued.at(-1);
  if (!message?.sealed) throw new Error("no sealed email");
  const secret = JSON.parse(
    await deps.secretBox.open(message.sealed, sealedTo(message.tenantId, message.emailId)),
  );
  return new URL(secret.RESET_LINK as string).searchParams.get("token") ?? "";
}

const ask = (deps: FakeDeps, tenantId: string, login: string) =>
  requestPasswordReset(deps, { tenantId, login, sourceIp: "198.51.100.7", provider: "latchkey-id" });

describe("forgot password with a Latchkey ID", () => {
  it("emails nothing until a school consented, then a link that sets the identity's password and proves the email", async () => {
    const { deps, email, tenantId, jo, admin } = await world();
    await ask(deps, tenantId, email);
    expect(deps.outbox.queued).toEqual([]);
    await consentToLatchkeyId(deps, admin, jo.userId);
    await ask(deps, tenantId, email.toUpperCase());
    expect(deps.outbox.queued.map((m) => [m.tenantId, m.to, m.layoutId])).toEqual([
      [tenantId, email, "PASSWORD_EMAIL_CHANGE"],
    ]);
    const token = await queuedToken(deps);
    const done = await completePasswordReset(deps, { token, newPassword: "one-password-for-all-schools" });
    expect(done).toEqual({ tenantId: "~", username: email });
    expect((await deps.identities.get(email))?.emailProvenAt).toBe(deps.clock.now().toISOString());
    const owner = identityOwner(email);
    expect(await deps.credentials.getPassword(owner.tenantId, owner.userId)).toBeDefined();
    // The link works once; the school account's own password is not set by it.
    await expect(
      completePasswordReset(deps, { token, newPassword: "one-password-for-all-schools" }),
    ).rejects.toThrow(/expired or was already used/);
    expect(await deps.credentials.getPassword(tenantId, jo.userId)).toBeUndefined();
    expect(deps.audit.all().filter((e) => e.action === "latchkey-id.password-set")).toMatchObject([
      { tenantId: "~", userId: email },
    ]);
  });

  it("does not take a school login for a Latchkey ID, nor an email for a school it has no consent in", async () => {
    const { deps, email, tenantId, jo } = await world();
    await ask(deps, tenantId, jo.username);
    await ask(deps, tenantId, email);
    expect(deps.outbox.queued).toEqual([]);
  });
});

describe("signInWithLatchkeyId rate limits", () => {
  it("refuses a source with 429 after the sign-in limit of failures at a school, counted per source", async () => {
    const { deps, email, tenantId } = await world();
    const attempt = () =>
      signInWithLatchkeyId(deps, { email, password: "wrong", tenantId, sourceIp: "203.0.113.50" });
    for (let i = 0; i < signInLimits.perSource; i++)
      await expect(attempt()).rejects.toThrow(/Authentication failed/);
    await expect(attempt()).rejects.toMatchObject({ code: "too-many-attempts" });
  });
});
