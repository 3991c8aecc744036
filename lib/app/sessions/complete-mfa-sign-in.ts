import { AuthenticationError } from "../../domain/errors.js";
import { actorOf } from "../../domain/permissions.js";
import { recordOwnerEvent } from "../authenticators/owner-events.js";
import {
  type SecondFactorAnswer,
  type SecondFactorDeps,
  verifySecondFactor,
} from "../authenticators/verify-second-factor.js";
import type { Deps } from "../deps.js";

/**
 * The second step of a sign-in whose owner has an authenticator (`MFA_REQUIRED`).
 * 1. The challenge token must be valid (5 minutes, its own audience: a session or another challenge is refused).
 * 2. The user is read again: still there and active.
 * 3. The code or recovery code is checked on the challenge's owner (`verifySecondFactor`: once only, its own
 *    lockout); a recovery code's use is on the owner's history and the account's.
 * 4. The session named by the challenge is issued with `amr` ["pwd", "otp" | "recovery"] and the user's roles now.
 * Any failure is the same `AuthenticationError`.
 */
export async function completeMfaSignIn(
  deps: SecondFactorDeps & Pick<Deps, "sessions" | "users" | "clock">,
  input: { challengeToken: string } & SecondFactorAnswer,
) {
  const now = deps.clock.now();
  const { session, owner } = await deps.sessions.verifyMfaChallenge(input.challengeToken, now);
  const user = await deps.users.get(session.tenantId, session.userId);
  if (user?.status !== "active") throw new AuthenticationError();
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
