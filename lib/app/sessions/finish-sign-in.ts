import type { User } from "../../domain/model.js";
import type { Deps } from "../deps.js";

export type SignInResult =
  | { kind: "session"; token: string; expiresAt: Date; user: User }
  | { kind: "new-password-required"; token: string; expiresAt: Date };

/**
 * The end of every sign-in whose password was right — a school account's or a Latchkey ID's: the session for this
 * user account. `identity` marks a Latchkey ID session (switching school keeps it, and its `authTime`).
 */
export async function finishSignIn(
  deps: Pick<Deps, "sessions">,
  user: User,
  options: { identity?: string; authTime: number },
  now: Date,
): Promise<SignInResult> {
  const session = await deps.sessions.issue(
    {
      tenantId: user.tenantId,
      userId: user.userId,
      roles: user.roles,
      amr: ["pwd"],
      authTime: options.authTime,
      ...(options.identity && { identity: options.identity }),
    },
    now,
  );
  return { kind: "session", ...session, user };
}
