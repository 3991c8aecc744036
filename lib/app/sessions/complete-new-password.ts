import { randomUUID } from "node:crypto";
import { AuthenticationError, ValidationError } from "../../domain/errors.js";
import { assertAcceptablePassword, normalisePassword } from "../../domain/password-rules.js";
import { isExpired, temporaryPasswordAad } from "../../domain/temporary-password.js";
import type { Deps } from "../deps.js";
import { finishSignIn } from "./finish-sign-in.js";

/**
 * The second step of a first sign-in: the user sets their own password with the challenge token they got for
 * signing in with a temporary password.
 * 1. The token must be valid and name the temporary password's current generation (a newer regeneration or an
 *    expiry since then makes it useless).
 * 2. The new password follows the rules and is not the temporary one.
 * 3. One transaction stores its argon2id hash, deletes the temporary credential and marks the user claimed; the
 *    user drops off the unclaimed list and no regeneration touches them again.
 * 4. The change is on their event history; the sign-in ends as every other does (`finishSignIn`): a session, or
 *    the second-factor challenge when they have an authenticator — a new password never bypasses it.
 */
export async function completeNewPassword(
  deps: Pick<
    Deps,
    | "users"
    | "sessions"
    | "temporaryPasswords"
    | "secretBox"
    | "hasher"
    | "audit"
    | "clock"
    | "authenticators"
    | "identities"
  >,
  input: { challengeToken: string; newPassword: string },
) {
  const now = deps.clock.now();
  const claims = await deps.sessions.verifyChallenge(input.challengeToken, now);
  const [user, credential] = await Promise.all([
    deps.users.get(claims.tenantId, claims.userId),
    deps.temporaryPasswords.get(claims.tenantId, claims.userId),
  ]);
  if (
    user?.status !== "active" ||
    !credential ||
    credential.generation !== claims.generation ||
    isExpired(credential, now)
  ) {
    throw new AuthenticationError();
  }
  assertAcceptablePassword(input.newPassword, "newPassword", { username: user.username });
  const next = normalisePassword(input.newPassword);
  const temporary = await deps.secretBox.open(
    credential.sealed,
    temporaryPasswordAad(user.tenantId, user.userId, credential.generation),
  );
  if (next === normalisePassword(temporary)) {
    const detail = "must differ from the temporary password";
    throw new ValidationError(`The new password ${detail}.`, [{ pointer: "/newPassword", detail }]);
  }
  const claimed = await deps.temporaryPasswords.claim(
    user.tenantId,
    user.userId,
    credential.generation,
    await deps.hasher.hash(next),
    now,
  );
  if (!claimed) throw new AuthenticationError();
  await deps.audit.record({
    tenantId: user.tenantId,
    userId: user.userId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: `user:${user.userId}`,
    action: "password.set-by-user",
    details: { replacedGeneration: credential.generation },
  });
  const claimedUser = { ...user, claimedAt: user.claimedAt ?? now.toISOString() };
  return finishSignIn(deps, claimedUser, { authTime: now.getTime() }, now);
}
