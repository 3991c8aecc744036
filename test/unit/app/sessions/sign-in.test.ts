import { describe, expect, it, vi } from "vitest";
import { failedSignInFloorMs, signIn } from "../../../../lib/app/sessions/sign-in.js";
import { AuthenticationError, TooManyAttemptsError } from "../../../../lib/domain/errors.js";
import type { User } from "../../../../lib/domain/model.js";
import { aUser, givePassword, giveTemporaryPassword, uniqueId } from "../../../fakes/builders.js";
import { fakeHashOf } from "../../../fakes/hasher.js";
import { fakeDeps } from "../../../fakes/index.js";
import { type AttemptOutcome, lockoutContract } from "../lockout-contract.js";

const password = "correct horse battery staple";

/** A tenant with one user who has set their own password. */
function school(userFields: Partial<User> = {}) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(
    aUser({ tenantId, username: "ada.l", claimedAt: "2025-02-01T00:00:00.000Z", ...userFields }),
  );
  givePassword(deps, tenantId, user.userId, password);
  const signInAs = (username: string, secret: string, tenant = tenantId) =>
    signIn(deps, { tenantId: tenant, username, password: secret, sourceIp: "192.0.2.1" });
  return { deps, tenantId, user, signInAs };
}

/** The outcome of a sign-in as the lockout contract sees it (sign-in never says "locked"). */
async function outcome(attempt: Promise<unknown>): Promise<AttemptOutcome> {
  try {
    await attempt;
    return "ok";
  } catch (error) {
    // A 429 (the source's window is full: 100 parallel guesses from one address) refuses too.
    if (error instanceof AuthenticationError || error instanceof TooManyAttemptsError) return "refused";
    throw error;
  }
}

describe("signIn", () => {
  it("rehashes a password made under an old pepper after a successful sign-in, and only then", async () => {
    const s = school();
    const stored = s.deps.credentialItems.get("password", s.tenantId, s.user.userId)?.hash as string;
    s.deps.hasher.stale.add(stored);
    const rehash = vi.spyOn(s.deps.credentials, "rehashPassword");
    await expect(s.signInAs("ada.l", "wrong password")).rejects.toBeInstanceOf(AuthenticationError);
    expect(rehash).not.toHaveBeenCalled();
    await s.signInAs("ada.l", password);
    expect(s.deps.hasher.hashes).toBe(1);
    expect(rehash).toHaveBeenCalledWith(s.tenantId, s.user.userId, stored, fakeHashOf(password));
    // A hash under the current pepper is left alone.
    s.deps.hasher.stale.clear();
    await s.signInAs("ada.l", password);
    expect(rehash).toHaveBeenCalledTimes(1);
  });

  it("issues a session for the right password", async () => {
    const s = school();
    const result = await s.signInAs("ADA.L", password);
    expect(result).toMatchObject({ kind: "session", user: { userId: s.user.userId } });
    await expect(
      s.deps.sessions.verify((result as { token: string }).token, s.deps.clock.now()),
    ).resolves.toMatchObject({ tenantId: s.tenantId, userId: s.user.userId, roles: ["staff"] });
  });

  it("answers unknown tenant, unknown user, wrong password and disabled user with the same error, no sooner than the floor", async () => {
    const s = school();
    const disabled = s.deps.users.seed(
      aUser({ tenantId: s.tenantId, username: "d.user", status: "disabled" }),
    );
    givePassword(s.deps, s.tenantId, disabled.userId, password);
    const attempts = [
      () => s.signInAs("ada.l", password, "no-such-tenant"),
      () => s.signInAs("nobody", password),
      () => s.signInAs("ada.l", "wrong password"),
      () => s.signInAs("d.user", password),
    ];
    const errors: unknown[] = [];
    for (const attempt of attempts) {
      const started = s.deps.clock.now().getTime();
      errors.push(await attempt().catch((e: unknown) => e));
      expect(s.deps.clock.now().getTime() - started).toBeGreaterThanOrEqual(failedSignInFloorMs);
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toBe((errors[0] as Error).message);
    }
  });

  it("does the same hashing work when there is no account to check", async () => {
    const s = school();
    await expect(s.signInAs("nobody", password)).rejects.toBeInstanceOf(AuthenticationError);
    expect(s.deps.hasher.burns).toBe(1);
    expect(s.deps.hasher.verifications).toBe(0);
  });

  describe("lockout", () => {
    lockoutContract(async () => {
      const s = school();
      return {
        deps: s.deps,
        tenantId: s.tenantId,
        userId: s.user.userId,
        kind: "password",
        right: password,
        wrong: "not the password",
        attempt: (secret) => outcome(s.signInAs("ada.l", secret)),
      };
    });
  });

  describe("with a temporary password", () => {
    function unclaimed() {
      const s = school({ userId: uniqueId("pupil"), username: "new.user", claimedAt: undefined });
      s.deps.credentialItems.delete("password", s.tenantId, s.user.userId);
      return s;
    }

    it("answers an unclaimed user with a new-password challenge instead of a session", async () => {
      const s = unclaimed();
      const credential = await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
      const result = await s.signInAs("new.user", "Tmp-4821-kite");
      expect(result.kind).toBe("new-password-required");
      await expect(s.deps.sessions.verify(result.token, s.deps.clock.now())).rejects.toBeInstanceOf(
        AuthenticationError,
      );
      await expect(s.deps.sessions.verifyChallenge(result.token, s.deps.clock.now())).resolves.toEqual({
        tenantId: s.tenantId,
        userId: s.user.userId,
        generation: credential.generation,
      });
    });

    it("refuses an expired temporary password like a wrong one, without opening it", async () => {
      const s = unclaimed();
      const credential = await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
      s.deps.clock.set(new Date(credential.expiresAt * 1000));
      const opened = s.deps.secretBox.opens;
      await expect(s.signInAs("new.user", "Tmp-4821-kite")).rejects.toBeInstanceOf(AuthenticationError);
      expect(s.deps.secretBox.opens).toBe(opened);
      expect(s.deps.hasher.burns).toBe(1);
    });

    it("refuses an unclaimed user without a temporary password, and a wrong temporary password", async () => {
      const s = unclaimed();
      await expect(s.signInAs("new.user", "anything-at-all")).rejects.toBeInstanceOf(AuthenticationError);
      await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
      await expect(s.signInAs("new.user", "Tmp-4821-kitf")).rejects.toBeInstanceOf(AuthenticationError);
      expect(s.deps.credentialItems.attempts("temporary", s.tenantId, s.user.userId)?.failures).toBe(1);
    });

    it("locks the temporary password after 5 failures, and a new one starts with fresh counters", async () => {
      const s = unclaimed();
      await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
      for (let i = 0; i < 5; i++) {
        await expect(s.signInAs("new.user", "wrong-guess")).rejects.toBeInstanceOf(AuthenticationError);
      }
      await expect(s.signInAs("new.user", "Tmp-4821-kite")).rejects.toBeInstanceOf(AuthenticationError);
      await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-9055-pond");
      await expect(s.signInAs("new.user", "Tmp-9055-pond")).resolves.toMatchObject({
        kind: "new-password-required",
      });
    });

    it("refuses a disabled unclaimed user even with the right temporary password", async () => {
      const s = unclaimed();
      s.deps.users.change(s.tenantId, s.user.userId, (u) => {
        u.status = "disabled";
      });
      await giveTemporaryPassword(s.deps, s.tenantId, s.user.userId, "Tmp-4821-kite");
      await expect(s.signInAs("new.user", "Tmp-4821-kite")).rejects.toBeInstanceOf(AuthenticationError);
    });
  });
});

describe("signIn limits per source and per tenant", () => {
  it("answers 429 after 50 failures from one address, even for the right password, and counts no success", async () => {
    const s = school();
    // Successes give their attempts back: 60 of them fill nothing.
    for (let i = 0; i < 60; i++) await s.signInAs("ada.l", password);
    for (let i = 0; i < 50; i++) {
      await expect(s.signInAs(`nobody${i}`, "wrong password here")).rejects.toBeInstanceOf(
        AuthenticationError,
      );
    }
    const limited = s.signInAs("ada.l", password);
    await expect(limited).rejects.toBeInstanceOf(TooManyAttemptsError);
    const verifications = s.deps.hasher.verifications;
    await expect(s.signInAs("ada.l", password)).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect(s.deps.hasher.verifications).toBe(verifications);
    // Another address signs in.
    await expect(
      signIn(s.deps, { tenantId: s.tenantId, username: "ada.l", password, sourceIp: "192.0.2.99" }),
    ).resolves.toMatchObject({ kind: "session" });
  });
});
