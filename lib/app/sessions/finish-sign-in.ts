import { identityOwner } from "../../domain/identity.js";
import type { User } from "../../domain/model.js";
import type { Deps } from "../deps.js";

export type SignInResult =
  | { kind: "session"; token: string; expiresAt: Date; user: User }
  | { kind: "new-password-required"; token: string; expiresAt: Date }
  | { kind: "mfa-required"; token: string; expiresAt: Date };

/**
 * The end of every sign-in whose password was right — a school account's or a Latchkey ID's, and a first or reset
 * password too, so none of them bypasses the second factor:
 * 1. The owner whose authenticator answers is the identity when `identity` is set, else the account.
 * 2. An owner with an active authenticator gets an `mfa-required` challenge (5 minutes) naming the session to
 *    issue, not a session: `completeMfaSignIn` turns it into one for a valid code or recovery code.
 * 3. Anyone else gets the session for this user account now (`amr` ["pwd"]). `identity` marks a Latchkey ID
 *    session (switching school keeps it, and its `authTime`).
 */
export async function finishSignIn(
  deps: Pick<Deps, "sessions" | "authenticators">,
  user: User,
  options: { identity?: string; authTime: number },
  now: Date,
): Promise<SignInResult> {
  const claims = {
    tenantId: user.tenantId,
    userId: user.userId,
    roles: user.roles,
    authTime: options.authTime,
    ...(options.identity && { identity: options.identity }),
  };
  const owner = options.identity
    ? identityOwner(options.identity)
    : { tenantId: user.tenantId, userId: user.userId };
  if (await deps.authenticators.hasActive(owner)) {
    const challenge = await deps.sessions.issueMfaChallenge({ session: claims, owner }, now);
    return { kind: "mfa-required", ...challenge };
  }
  const session = await deps.sessions.issue({ ...claims, amr: ["pwd"] }, now);
  return { kind: "session", ...session, user };
}
