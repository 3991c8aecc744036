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
 * 1. The owner whose authenticator answers is the identity when `identity` is set; else the account — unless the
 *    account is a consented link of a Latchkey ID that has an authenticator: then the identity's authenticator
 *    answers even for the account's own password, which must not be a way around it (`identityGuarding`).
 * 2. An owner with an active authenticator gets an `mfa-required` challenge (5 minutes) naming the session to
 *    issue, not a session: `completeMfaSignIn` turns it into one for a valid code or recovery code.
 * 3. Anyone else gets the session for this user account now (`amr` ["pwd"]). `identity` marks a Latchkey ID
 *    session (switching school keeps it, and its `authTime`).
 */
export async function finishSignIn(
  deps: Pick<Deps, "sessions" | "authenticators" | "identities">,
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
  const account = { tenantId: user.tenantId, userId: user.userId };
  const owner = options.identity
    ? identityOwner(options.identity)
    : ((await identityGuarding(deps, user)) ?? account);
  if (await deps.authenticators.hasActive(owner)) {
    const challenge = await deps.sessions.issueMfaChallenge({ session: claims, owner }, now);
    return { kind: "mfa-required", ...challenge };
  }
  const session = await deps.sessions.issue({ ...claims, amr: ["pwd"] }, now);
  return { kind: "session", ...session, user };
}

/**
 * The Latchkey ID whose authenticator guards this account's own password sign-in: the identity of the account's
 * email, when the school consented to the link and the identity has an active authenticator. One read for the
 * usual account without an identity.
 */
async function identityGuarding(deps: Pick<Deps, "authenticators" | "identities">, user: User) {
  if (!user.email) return undefined;
  const owner = identityOwner(user.email);
  if (!(await deps.identities.get(owner.userId))) return undefined;
  const links = await deps.identities.links(owner.userId);
  const linked = links.some((l) => l.tenantId === user.tenantId && l.userId === user.userId && l.consentedAt);
  return linked && (await deps.authenticators.hasActive(owner)) ? owner : undefined;
}
