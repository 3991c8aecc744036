import { AuthenticationError } from "../domain/errors.js";
import { normalisePassword } from "../domain/password-rules.js";
import type { Deps } from "./deps.js";

export type SignInInput = { tenantId: string; username: string; password: string };

/**
 * Every failed sign-in takes at least this long. The paths differ by a few table round trips (an unknown user
 * needs fewer than a wrong password); the floor hides that difference behind one argon2 verification's time.
 */
export const failedSignInFloorMs = 400;

/**
 * Signs a user in with username and password.
 * 1. Find the tenant and the user by normalised username.
 * 2. Reserve an attempt atomically (refused while locked or at the threshold).
 * 3. Verify the peppered argon2id hash; when there is no user, credential or attempt, hash a dummy instead so the
 *    answer takes about as long.
 * 4. On failure count it (locking at the threshold); on success reset the counter and issue a session.
 * Every failure — unknown tenant or user, wrong password, locked, disabled — is the same `AuthenticationError`,
 * answered no sooner than `failedSignInFloorMs` after the request started.
 */
export async function signIn(
  deps: Pick<Deps, "tenants" | "users" | "credentials" | "hasher" | "sessions" | "clock">,
  input: SignInInput,
) {
  const now = deps.clock.now();
  try {
    return await attemptSignIn(deps, input, now);
  } catch (error) {
    if (error instanceof AuthenticationError) {
      const elapsed = deps.clock.now().getTime() - now.getTime();
      if (elapsed < failedSignInFloorMs) await deps.clock.sleep(failedSignInFloorMs - elapsed);
    }
    throw error;
  }
}

async function attemptSignIn(
  deps: Pick<Deps, "tenants" | "users" | "credentials" | "hasher" | "sessions" | "clock">,
  input: SignInInput,
  now: Date,
) {
  const password = normalisePassword(input.password);
  const tenant = await deps.tenants.get(input.tenantId);
  const user = tenant && (await deps.users.findByUsername(tenant.tenantId, input.username));
  const credential = user && (await deps.credentials.getPassword(user.tenantId, user.userId));
  if (!user || !credential) {
    await deps.hasher.burn(password);
    throw new AuthenticationError();
  }
  const reserved = await deps.credentials.reserveAttempt(user.tenantId, user.userId, now);
  if (reserved === "locked") {
    await deps.hasher.burn(password);
    throw new AuthenticationError();
  }
  const valid = await deps.hasher.verify(credential.hash, password);
  if (!valid) {
    await deps.credentials.recordFailure(user.tenantId, user.userId, now);
    throw new AuthenticationError();
  }
  await deps.credentials.recordSuccess(user.tenantId, user.userId);
  if (user.status !== "active") throw new AuthenticationError();
  const session = await deps.sessions.issue(
    { tenantId: user.tenantId, userId: user.userId, roles: user.roles },
    now,
  );
  return { ...session, user };
}
