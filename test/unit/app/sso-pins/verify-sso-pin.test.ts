import { describe, expect, it } from "vitest";
import { resetSsoPin, setupSsoPin, verifySsoPin } from "../../../../lib/app/sso-pins/sso-pins.js";
import { apiKeyPrincipal, aUser, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";
import { lockoutContract } from "../lockout-contract.js";

const pin = "583920";

/** A tenant (a fresh id: the step-up actions are cached per tenant) with one SSO account whose PIN is set. */
async function ssoAccount() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(
    aUser({
      tenantId,
      username: "j.sso",
      email: "jo@school.example",
      emailVerified: true,
      profiles: ["sso"],
    }),
  );
  const principal = apiKeyPrincipal(tenantId);
  await setupSsoPin(deps, principal, { username: "j.sso", pin, confirmPin: pin });
  const verify = (secret: string, action = "sign_in") =>
    verifySsoPin(deps, principal, { username: "j.sso", pin: secret, action });
  return { deps, tenantId, user, principal, verify };
}

describe("verifySsoPin with the fakes", () => {
  it("answers ok with a step-up token bound to the user and action", async () => {
    const a = await ssoAccount();
    const result = await a.verify(pin, "delete_student");
    expect(result).toMatchObject({ outcome: "ok", action: "delete_student" });
    await expect(
      a.deps.sessions.verifyStepUp((result as { stepUpToken: string }).stepUpToken, a.deps.clock.now()),
    ).resolves.toEqual({
      tenantId: a.tenantId,
      userId: a.user.userId,
      action: "delete_student",
      tokenId: expect.any(String),
      expiresAt: expect.any(Date),
    });
  });

  it("answers setup_required after an admin's reset, without counting or evaluating anything", async () => {
    const a = await ssoAccount();
    await resetSsoPin(a.deps, a.principal, { userId: a.user.userId });
    const evaluated = a.deps.hasher.verifications;
    for (let i = 0; i < 10; i++) expect(await a.verify(pin)).toEqual({ outcome: "setup_required" });
    expect(a.deps.hasher.verifications).toBe(evaluated);
    expect(a.deps.credentialItems.attempts("sso-pin", a.tenantId, a.user.userId)?.failures).toBe(0);
  });

  it("answers an unknown user exactly like a wrong PIN", async () => {
    const a = await ssoAccount();
    expect(await verifySsoPin(a.deps, a.principal, { username: "nobody", pin, action: "sign_in" })).toEqual({
      outcome: "invalid",
    });
    expect(await a.verify("111111")).toEqual({ outcome: "invalid" });
  });

  describe("lockout", () => {
    lockoutContract(async () => {
      const a = await ssoAccount();
      return {
        deps: a.deps,
        tenantId: a.tenantId,
        userId: a.user.userId,
        kind: "sso-pin",
        right: pin,
        wrong: "111111",
        attempt: async (secret) => {
          const { outcome } = await a.verify(secret);
          return outcome === "ok" ? "ok" : outcome === "locked" ? "locked" : "refused";
        },
      };
    });

    it("says locked (not invalid) while locked, so the tenant's application can tell the user to wait", async () => {
      const a = await ssoAccount();
      for (let i = 0; i < 5; i++) expect(await a.verify("111111")).toEqual({ outcome: "invalid" });
      expect(await a.verify(pin)).toEqual({ outcome: "locked" });
    });
  });
});
