import { AuthenticationError, ConflictError, NotFoundError, SignInAgainError } from "../../domain/errors.js";
import { identityOwner, identityScope, maxIdentityAuthAgeMs } from "../../domain/identity.js";
import { normalisePassword } from "../../domain/password-rules.js";
import type { Principal } from "../../domain/permissions.js";
import { signInLimits } from "../../domain/rate-limits.js";
import { failedSignInFloorMs, waitForFloor } from "../answer-floor.js";
import type { Deps } from "../deps.js";
import { finishSignIn, type SignInResult } from "../sessions/finish-sign-in.js";
import { rehashIfStale } from "../sessions/rehash-password.js";
import { reserveSourceAttempt } from "../source-limits.js";
import { verifyWithLockout } from "../verify-with-lockout.js";
import { identityActor, recordIdentityEvent } from "./identity-events.js";
import { activeMemberships, identityOf, type Membership } from "./memberships.js";

type SignInDeps = Pick<
  Deps,
  | "tenants"
  | "users"
  | "identities"
  | "credentials"
  | "hasher"
  | "sessions"
  | "clock"
  | "sourceAttempts"
  | "authenticators"
>;

export type IdentitySignInInput = { email: string; password: string; tenantId?: string; sourceIp: string };

/**
 * Signs a person in with their Latchkey ID (`POST /v1/identity-sessions`).
 * 1. Count the attempt for the source under the identity scope, and at the named school when it exists, like
 *    school sign-in (`signInLimits`: failures only).
 * 2. Check the password under the lockout of the identity owner: one counter per identity, whatever the school.
 * 3. With `tenantId` the person must have an active membership there; without one, the first (by school name).
 * 4. The session comes from `finishSignIn` with the identity and the time the password was proved (it may answer
 *    with a second-factor challenge instead); the other memberships come with it.
 * Every failure — unknown email, wrong password, locked, no membership there — is the same `AuthenticationError`,
 * answered no sooner than `failedSignInFloorMs`.
 */
export async function signInWithLatchkeyId(
  deps: SignInDeps,
  input: IdentitySignInInput,
): Promise<{ result: SignInResult; memberships: Membership[] }> {
  const now = deps.clock.now();
  const tenant = input.tenantId ? await deps.tenants.get(input.tenantId) : undefined;
  // Always counted under the identity scope, whatever school is named (rotating school ids must not multiply the
  // per-source limit), and also at the named school, like its own sign-in.
  const releases = [await reserveSourceAttempt(deps, identityScope, input.sourceIp, signInLimits, now)];
  if (tenant)
    releases.push(await reserveSourceAttempt(deps, tenant.tenantId, input.sourceIp, signInLimits, now));
  try {
    const result = await attempt(deps, input, now);
    for (const release of releases) await release();
    return result;
  } catch (error) {
    if (error instanceof AuthenticationError) await waitForFloor(deps.clock, now, failedSignInFloorMs);
    throw error;
  }
}

async function attempt(deps: SignInDeps, input: IdentitySignInInput, now: Date) {
  const owner = identityOwner(input.email.trim());
  const credential = await deps.credentials.getPassword(owner.tenantId, owner.userId);
  const target = credential && { ...owner, hash: credential.hash };
  const password = normalisePassword(input.password);
  const outcome = await verifyWithLockout(deps, target, password, now);
  if (outcome !== "passed" || !credential) throw new AuthenticationError();
  await rehashIfStale(deps, owner, credential.hash, password);
  const memberships = await activeMemberships(deps, owner.userId);
  const chosen = input.tenantId ? memberships.find((m) => m.tenantId === input.tenantId) : memberships[0];
  const user = chosen && (await deps.users.get(chosen.tenantId, chosen.userId));
  if (user?.status !== "active") throw new AuthenticationError();
  const result = await finishSignIn(deps, user, { identity: owner.userId, authTime: now.getTime() }, now);
  return { result, memberships };
}

/**
 * Switches a Latchkey ID session to another school (`POST /v1/sessions/switch`), without the password or code.
 * 1. A Latchkey ID session only, proved no longer ago than `maxIdentityAuthAgeMs` (else 401 "sign in again").
 * 2. The identity must have an active membership in another school now (else 404, nothing changes; its own school
 *    409: a switch never renews a token), and that school must not have ended the account's sessions since the
 *    person signed in (else 401 "sign in again").
 * 3. A new session for the linked account there, keeping the identity, how the person authenticated and when; the
 *    old session stays as it is (each token reaches only its own school: the tenant comes only from the token).
 * 4. Audited in both schools and on the identity.
 */
export async function switchSchool(
  deps: Pick<Deps, "identities" | "users" | "sessions" | "audit" | "clock" | "sessionRevocations">,
  principal: Principal,
  tenantId: string,
) {
  const email = identityOf(principal);
  if (principal.kind !== "user") throw new AuthenticationError();
  const now = deps.clock.now();
  const authTime = principal.session?.authTime;
  if (authTime === undefined || now.getTime() - authTime > maxIdentityAuthAgeMs) throw new SignInAgainError();
  // A switch is never a renewal: the session's own school answers 409, so a token cannot outlive its 15 minutes.
  if (tenantId === principal.tenantId) throw new ConflictError("This session is already at that school.");
  const membership = (await activeMemberships(deps, email)).find((m) => m.tenantId === tenantId);
  const user = membership && (await deps.users.get(membership.tenantId, membership.userId));
  if (user?.status !== "active") throw new NotFoundError("Membership");
  // The school ended the account's sessions after this person signed in (an incident), or the identity's sessions
  // were ended (a new password, a sign-out): sign in again.
  const ended = await Promise.all([
    deps.sessionRevocations.revokedBefore(user.tenantId, user.userId),
    deps.sessionRevocations.revokedBefore(identityScope, email),
  ]);
  if (ended.some((at) => at !== undefined && authTime < at)) throw new SignInAgainError();
  const session = await deps.sessions.issue(
    {
      tenantId: user.tenantId,
      userId: user.userId,
      roles: user.roles,
      identity: email,
      amr: [...(principal.session?.amr ?? ["pwd"])],
      authTime,
    },
    now,
  );
  await recordIdentityEvent(deps, {
    action: "latchkey-id.switched",
    actor: identityActor(email),
    email,
    at: now,
    accounts: [
      { tenantId: principal.tenantId, userId: principal.userId },
      { tenantId: user.tenantId, userId: user.userId },
    ],
    details: { from: principal.tenantId, to: user.tenantId },
  });
  return { ...session, user };
}
