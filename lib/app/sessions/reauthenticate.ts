import { AuthenticationError, ForbiddenError } from "../../domain/errors.js";
import { type Owner, ownerOf } from "../../domain/identity.js";
import type { User } from "../../domain/model.js";
import { normalisePassword } from "../../domain/password-rules.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { verifyWithLockout } from "../verify-with-lockout.js";

/**
 * Confirms a sensitive action with the signed-in user's own password (SIMS ID: "the system will ask you to
 * confirm your password … to ensure a legitimate request is being actioned"). The attempt counts towards lockout
 * like a sign-in; any failure is the same `AuthenticationError`. API keys cannot re-authenticate.
 * A Latchkey ID session confirms with the identity's password (its owner's credential and lockout), not the school
 * account's, which it may not even have: `owner` says whose password it was.
 */
export async function reauthenticate(
  deps: Pick<Deps, "users" | "credentials" | "hasher" | "clock">,
  principal: Principal,
  password: string,
): Promise<{ user: User; password: string; owner: Owner }> {
  if (principal.kind !== "user") {
    throw new ForbiddenError("This action must be confirmed by a signed-in user with their own password");
  }
  const now = deps.clock.now();
  const normalised = normalisePassword(password);
  const user = await deps.users.get(principal.tenantId, principal.userId);
  const owner = ownerOf(principal);
  const credential = user && (await deps.credentials.getPassword(owner.tenantId, owner.userId));
  const target = user && credential ? { ...owner, hash: credential.hash } : undefined;
  if ((await verifyWithLockout(deps, target, normalised, now)) !== "passed" || !user) {
    throw new AuthenticationError();
  }
  return { user, password: normalised, owner };
}
