import { describe, expect, it } from "vitest";
import { completeNewPassword } from "../../../../lib/app/sessions/complete-new-password.js";
import { signIn } from "../../../../lib/app/sessions/sign-in.js";
import { AuthenticationError, ValidationError } from "../../../../lib/domain/errors.js";
import { aUser, giveTemporaryPassword, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

const temporary = "Tmp-4821-kite";
const chosen = "my own long passphrase";

/** An unclaimed user who signed in with a temporary password and holds the challenge. */
async function challenged() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const user = deps.users.seed(aUser({ tenantId, username: "new.user" }));
  const credential = await giveTemporaryPassword(deps, tenantId, user.userId, temporary);
  const result = await signIn(deps, {
    tenantId,
    username: "new.user",
    password: temporary,
    sourceIp: "192.0.2.1",
  });
  if (result.kind !== "new-password-required") throw new Error("expected a challenge");
  const complete = (newPassword: string, challengeToken = result.token) =>
    completeNewPassword(deps, { challengeToken, newPassword });
  return { deps, tenantId, user, credential, token: result.token, complete };
}

describe("completeNewPassword", () => {
  it("stores the chosen password, claims the user, drops the temporary one and issues a session", async () => {
    const c = await challenged();
    const result = await c.complete(chosen);
    if (result.kind !== "session") throw new Error(`expected a session, got ${result.kind}`);
    expect(result.user.claimedAt).toBe(c.deps.clock.now().toISOString());
    await expect(c.deps.sessions.verify(result.token, c.deps.clock.now())).resolves.toMatchObject({
      userId: c.user.userId,
    });
    expect(await c.deps.temporaryPasswords.get(c.tenantId, c.user.userId)).toBeUndefined();
    expect((await c.deps.users.get(c.tenantId, c.user.userId))?.claimedAt).toBeDefined();
    expect(c.deps.audit.all()).toEqual([
      expect.objectContaining({
        userId: c.user.userId,
        action: "password.set-by-user",
        details: { replacedGeneration: c.credential.generation },
      }),
    ]);
    const again = await signIn(c.deps, {
      tenantId: c.tenantId,
      username: "new.user",
      password: chosen,
      sourceIp: "192.0.2.1",
    });
    expect(again.kind).toBe("session");
    await expect(
      signIn(c.deps, {
        tenantId: c.tenantId,
        username: "new.user",
        password: temporary,
        sourceIp: "192.0.2.1",
      }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses the temporary password itself as the new one", async () => {
    const c = await challenged();
    await expect(c.complete(temporary)).rejects.toBeInstanceOf(ValidationError);
    expect((await c.deps.users.get(c.tenantId, c.user.userId))?.claimedAt).toBeUndefined();
  });

  it("refuses a password the rules refuse, naming the field", async () => {
    const c = await challenged();
    await expect(c.complete("short")).rejects.toMatchObject({ errors: [{ pointer: "/newPassword" }] });
  });

  it("makes the challenge useless once a newer temporary password replaced the one it was for", async () => {
    const c = await challenged();
    await giveTemporaryPassword(c.deps, c.tenantId, c.user.userId, "Tmp-9055-pond");
    await expect(c.complete(chosen)).rejects.toBeInstanceOf(AuthenticationError);
    expect((await c.deps.users.get(c.tenantId, c.user.userId))?.claimedAt).toBeUndefined();
  });

  it("refuses once the temporary password expired, and a session token in place of the challenge", async () => {
    const c = await challenged();
    const session = await c.deps.sessions.issue(
      { tenantId: c.tenantId, userId: c.user.userId, roles: ["staff"] },
      c.deps.clock.now(),
    );
    await expect(c.complete(chosen, session.token)).rejects.toBeInstanceOf(AuthenticationError);
    // The temporary password ends a minute from now (still in the table after that, as TTL deletes late); the
    // challenge itself would still be valid.
    const endsAt = Math.floor(c.deps.clock.now().getTime() / 1000) + 60;
    await c.deps.temporaryPasswords.putMany([{ ...c.credential, expiresAt: endsAt }]);
    c.deps.clock.advance(60_000);
    await expect(c.deps.sessions.verifyChallenge(c.token, c.deps.clock.now())).resolves.toBeDefined();
    await expect(c.complete(chosen)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("works once: a second completion with the same challenge is refused", async () => {
    const c = await challenged();
    await c.complete(chosen);
    await expect(c.complete("another long passphrase")).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("completeNewPassword after a reset by email", () => {
  it("refuses a challenge issued before the user's own password replaced the temporary one", async () => {
    const c = await challenged();
    await c.deps.temporaryPasswords.replaceWithOwnPassword(
      c.tenantId,
      c.user.userId,
      "reset-hash",
      c.deps.clock.now(),
    );
    expect(await c.deps.temporaryPasswords.get(c.tenantId, c.user.userId)).toBeUndefined();
    await expect(c.complete(chosen)).rejects.toBeInstanceOf(AuthenticationError);
    expect((await c.deps.credentials.getPassword(c.tenantId, c.user.userId))?.hash).toBe("reset-hash");
  });

  it("claims only while the user has no own password, even for the current generation", async () => {
    const c = await challenged();
    await c.deps.credentials.setPassword(c.tenantId, c.user.userId, "set-meanwhile", c.deps.clock.now());
    const claimed = await c.deps.temporaryPasswords.claim(
      c.tenantId,
      c.user.userId,
      c.credential.generation,
      "late-hash",
      c.deps.clock.now(),
    );
    expect(claimed).toBe(false);
    expect((await c.deps.credentials.getPassword(c.tenantId, c.user.userId))?.hash).toBe("set-meanwhile");
  });
});
