import { AuthenticationError } from "../../domain/errors.js";
import { actorOf } from "../../domain/permissions.js";
import { recordOwnerEvent } from "../authenticators/owner-events.js";
import {
  type SecondFactorAnswer,
  type SecondFactorDeps,
  verifySecondFactor,
} from "../authenticators/verify-second-factor.js";
import type { Deps } from "../deps.js";
import { activeMemberships } from "../identities/memberships.js";

/**
 * The second step of a sign-in whose owner has an authenticator (`MFA_REQUIRED`).
 * 1. The challenge token must be valid (5 minutes, its own audience: a session or another challenge is refused).
 * 2. The user is read again: still there and active; nothing ended the account's or the identity's sessions since
 *    the challenge was issued; a Latchkey ID's challenge still names an active membership (consent not withdrawn).
 * 3. The code or recovery code is checked on the challenge's owner (`verifySecondFactor`: once only, its own
 *    lockout); a recovery code's use is on the owner's history and the account's.
 * 4. The session named by the challenge is issued with `amr` ["pwd", "otp" | "recovery"] and the user's roles now.
 * Any failure is the same `AuthenticationError`.
 */
export async function completeMfaSignIn(
  deps: SecondFactorDeps & Pick<Deps, "sessions" | "users" | "clock" | "sessionRevocations" | "identities">,
  input: { challengeToken: string } & SecondFactorAnswer,
) {
  const now = deps.clock.now();
  const { session, owner, issuedAt } = await deps.sessions.verifyMfaChallenge(input.challengeToken, now);
  const [user, state] = await Promise.all([
    deps.users.get(session.tenantId, session.userId),
    deps.sessionRevocations.state(session.tenantId, session.userId, "", session.identity),
  ]);
  if (user?.status !== "active") throw new AuthenticationError();
  // Whatever ended the account's or the identity's sessions after the challenge was issued ends the challenge too.
  const authTime = session.authTime ?? issuedAt;
  if ((state.revokedBefore ?? 0) > issuedAt || (state.identityRevokedBefore ?? 0) > authTime) {
    throw new AuthenticationError();
  }
  // A Latchkey ID's challenge counts only while the school's consent (and the account) still make it a member.
  if (session.identity) {
    const members = await activeMemberships(deps, session.identity);
    if (!members.some((m) => m.tenantId === user.tenantId && m.userId === user.userId)) {
      throw new AuthenticationError();
    }
  }
  const answer = "code" in input ? { code: input.code } : { recoveryCode: input.recoveryCode };
  const result = await verifySecondFactor(deps, owner, answer, now);
  if (result.outcome !== "passed") throw new AuthenticationError();
  if (result.method === "recovery") {
    await recordOwnerEvent(deps, owner, user, {
      actor: actorOf({ kind: "user", tenantId: user.tenantId, userId: user.userId, roles: user.roles }),
      action: "recovery-code.used",
      at: now,
      details: { codesLeft: result.codesLeft },
    });
  }
  const issued = await deps.sessions.issue(
    { ...session, roles: user.roles, amr: ["pwd", result.method] },
    now,
  );
  return { ...issued, user };
}
