import { NotFoundError, ValidationError } from "../domain/errors.js";
import type { User } from "../domain/model.js";
import { authorizeCredentialAction, type Principal } from "../domain/permissions.js";
import type { Deps } from "./deps.js";
import { reauthenticate } from "./sessions/reauthenticate.js";

export type CredentialGuardDeps = Pick<Deps, "users" | "credentials" | "hasher" | "clock">;

/**
 * The checks before anyone resets, reveals or changes another user's credential (callers authorise the action
 * itself first):
 * 1. A signed-in user confirms with their own password, in the same request (re-authentication: their password
 *    within the last moment, well inside the 5 minutes the design allows; a wrong one counts towards their own
 *    lockout and is 401). Missing: 422 naming `/password`. An API key cannot re-authenticate: callers that refuse
 *    API keys do so with the action's permission; the others act without it.
 * 2. The target exists in the principal's tenant (404 otherwise).
 * 3. The target has no more privilege than the principal (`mayActOnCredentialsOf`: 403).
 */
export async function guardCredentialAction(
  deps: CredentialGuardDeps,
  principal: Principal,
  input: { userId: string; password?: string },
): Promise<User> {
  if (principal.kind === "user") {
    if (input.password === undefined) {
      const detail = "confirm this action with your own password";
      throw new ValidationError("Your password is required.", [{ pointer: "/password", detail }]);
    }
    await reauthenticate(deps, principal, input.password);
  }
  const user = await deps.users.get(principal.tenantId, input.userId);
  if (!user) throw new NotFoundError("User");
  authorizeCredentialAction(principal, user);
  return user;
}
