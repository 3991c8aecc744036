import { describe, expect, it } from "vitest";
import { confirmEnrolment, startEnrolment } from "../../../../lib/app/authenticators/authenticators.js";
import { completeMfaSignIn } from "../../../../lib/app/sessions/complete-mfa-sign-in.js";
import { completeNewPassword } from "../../../../lib/app/sessions/complete-new-password.js";
import { finishSignIn } from "../../../../lib/app/sessions/finish-sign-in.js";
import { signIn } from "../../../../lib/app/sessions/sign-in.js";
import { AuthenticationError } from "../../../../lib/domain/errors.js";
import { identityOwner } from "../../../../lib/domain/identity.js";
import type { Principal } from "../../../../lib/domain/permissions.js";
import {
  aUser,
  givePassword,
  giveTemporaryPassword,
  uniqueId,
  userPrincipal,
} from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";
import { codeFromUri } from "../../../fakes/totp-codes.js";

const password = "correct horse battery staple";

async function enrolled(options: { claimed?: boolean } = {}) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(
    aUser({
      tenantId,
      username: "ada.l",
      roles: ["site-admin"],
      ...(options.claimed === false ? {} : { claimedAt: "2025-02-01T00:00:00.000Z" }),
    }),
  );
  givePassword(deps, tenantId, user.userId, password);
  const principal = userPrincipal(tenantId, user.userId, user.roles);
  const started = await startEnrolment(deps, principal);
  // Confirmed with the previous step's code, so the current step's code is still unused.
  const previous = new Date(deps.clock.now().getTime() - 30_000);
  const enrolment = await confirmEnrolment(deps, principal, {
    deviceId: started.deviceId,
    name: "Phone",
    code: codeFromUri(started.otpauthUri, previous),
  });
  const code = () => codeFromUri(started.otpauthUri, deps.clock.now());
  const signInAs = () => signIn(deps, { tenantId, username: "ada.l", password, sourceIp: "192.0.2.1" });
  return { deps, tenantId, user, principal, code, signInAs, recoveryCodes: enrolment.recoveryCodes ?? [] };
}

describe("the second-factor step of a sign-in", () => {
  it("asks an owner with an active authenticator for a code, then issues a session with amr pwd+otp", async () => {
    const s = await enrolled();
    const first = await s.signInAs();
    expect(first.kind).toBe("mfa-required");
    await expect(s.deps.sessions.verify(first.token, s.deps.clock.now())).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const session = await completeMfaSignIn(s.deps, { challengeToken: first.token, code: s.code() });
    const claims = await s.deps.sessions.verify(session.token, s.deps.clock.now());
    expect(claims).toMatchObject({ tenantId: s.tenantId, userId: s.user.userId, amr: ["pwd", "otp"] });
  });

  it("refuses the same code twice, and a challenge past its 5 minutes", async () => {
    const s = await enrolled();
    const { token } = await s.signInAs();
    const code = s.code();
    await completeMfaSignIn(s.deps, { challengeToken: token, code });
    await expect(completeMfaSignIn(s.deps, { challengeToken: token, code })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const late = await s.signInAs();
    s.deps.clock.advance(5 * 60_000 + 1000);
    await expect(
      completeMfaSignIn(s.deps, { challengeToken: late.token, code: s.code() }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("takes a recovery code once (amr pwd+recovery), audited on the account", async () => {
    const s = await enrolled();
    const recoveryCode = s.recoveryCodes[0] as string;
    const { token } = await s.signInAs();
    const session = await completeMfaSignIn(s.deps, { challengeToken: token, recoveryCode });
    expect(await s.deps.sessions.verify(session.token, s.deps.clock.now())).toMatchObject({
      amr: ["pwd", "recovery"],
    });
    const again = await s.signInAs();
    await expect(
      completeMfaSignIn(s.deps, { challengeToken: again.token, recoveryCode }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect(s.deps.audit.all()).toContainEqual(
      expect.objectContaining({
        action: "recovery-code.used",
        userId: s.user.userId,
        details: { codesLeft: 9 },
      }),
    );
  });

  it("refuses a user disabled between the password and the code", async () => {
    const s = await enrolled();
    const { token } = await s.signInAs();
    s.deps.users.change(s.tenantId, s.user.userId, (user) => {
      user.status = "disabled";
    });
    await expect(completeMfaSignIn(s.deps, { challengeToken: token, code: s.code() })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("asks a Latchkey ID session for the identity's authenticator, not the account's", async () => {
    const s = await enrolled();
    const other = s.deps.users.seed(aUser({ tenantId: s.tenantId, email: "ada@school.example" }));
    const plain = await finishSignIn(
      s.deps,
      other,
      { identity: "ada@school.example", authTime: 1 },
      s.deps.clock.now(),
    );
    expect(plain.kind).toBe("session");
    const principal: Principal = {
      ...(userPrincipal(s.tenantId, other.userId, other.roles) as Extract<Principal, { kind: "user" }>),
      identity: "ada@school.example",
    };
    const started = await startEnrolment(s.deps, principal);
    await confirmEnrolment(s.deps, principal, {
      deviceId: started.deviceId,
      name: "Phone",
      code: codeFromUri(started.otpauthUri, s.deps.clock.now()),
    });
    const challenged = await finishSignIn(
      s.deps,
      other,
      { identity: "ada@school.example", authTime: 1 },
      s.deps.clock.now(),
    );
    expect(challenged.kind).toBe("mfa-required");
    expect(await s.deps.sessions.verifyMfaChallenge(challenged.token, s.deps.clock.now())).toMatchObject({
      owner: identityOwner("ada@school.example"),
      session: { identity: "ada@school.example", userId: other.userId },
    });
  });

  it("does not let a first password bypass the second factor", async () => {
    const s = await enrolled({ claimed: false });
    s.deps.credentialItems.delete("password", s.tenantId, s.user.userId);
    await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
    const first = await signIn(s.deps, {
      tenantId: s.tenantId,
      username: "ada.l",
      password: "Tmp-4821-kite",
      sourceIp: "192.0.2.1",
    });
    expect(first.kind).toBe("new-password-required");
    const result = await completeNewPassword(s.deps, {
      challengeToken: first.token,
      newPassword: "my own long passphrase",
    });
    expect(result.kind).toBe("mfa-required");
  });
});
