import { createHash, timingSafeEqual } from "node:crypto";
import { AuthenticationError } from "../../domain/errors.js";
import type { Tenant, User } from "../../domain/model.js";
import { normalisePassword } from "../../domain/password-rules.js";
import { signInLimits } from "../../domain/rate-limits.js";
import {
  isExpired,
  type TemporaryCredential,
  temporaryPasswordAad,
} from "../../domain/temporary-password.js";
import { failedSignInFloorMs, waitForFloor } from "../answer-floor.js";
import type { Deps } from "../deps.js";
import { reserveSourceAttempt } from "../source-limits.js";
import { verifyWithLockout } from "../verify-with-lockout.js";
import { finishSignIn, type SignInResult } from "./finish-sign-in.js";
import { rehashIfStale } from "./rehash-password.js";

export type SignInInput = {
  tenantId: string;
  username: string;
  password: string;
  /** The caller's address (API Gateway's `requestContext.http.sourceIp`): failures are limited per source. */
  sourceIp: string;
};

/** Shared with pupil sign-in, so it lives with the answer floors; re-exported where sign-in's callers look. */
export { failedSignInFloorMs };

/**
 * Signs a user in with username and password.
 * 1. Find the tenant and the user by normalised username.
 * 2. Reserve an attempt atomically (refused while locked or at the threshold).
 * 3. Verify the peppered argon2id hash; when there is no user, credential or attempt, hash a dummy instead so the
 *    answer takes about as long.
 * 4. On failure count it (locking at the threshold); on success reset the counter and issue a session.
 * Every failure — unknown tenant or user, wrong password, locked, disabled — is the same `AuthenticationError`,
 * answered no sooner than `failedSignInFloorMs` after the request started. An unclaimed user with a temporary
 * password gets a challenge to set their own instead of a session (see `signInWithTemporary`).
 * Before all that, a known tenant's attempt is counted for the source and the tenant (`signInLimits`, 15-minute
 * windows): a full window is 429 with Retry-After, evaluating nothing; a success gives its attempt back, so only
 * failures count, and a source with no failures is never refused for the tenant's (`reserveSourceAttempt`).
 */
type SignInDeps = Pick<
  Deps,
  | "tenants"
  | "users"
  | "credentials"
  | "hasher"
  | "sessions"
  | "temporaryPasswords"
  | "secretBox"
  | "clock"
  | "sourceAttempts"
  | "authenticators"
  | "identities"
>;

export async function signIn(deps: SignInDeps, input: SignInInput) {
  const now = deps.clock.now();
  const tenant = await deps.tenants.get(input.tenantId);
  const release =
    tenant && (await reserveSourceAttempt(deps, tenant.tenantId, input.sourceIp, signInLimits, now));
  try {
    const result = await attemptSignIn(deps, tenant, input, now);
    await release?.();
    return result;
  } catch (error) {
    if (error instanceof AuthenticationError) {
      await waitForFloor(deps.clock, now, failedSignInFloorMs);
    }
    throw error;
  }
}

async function attemptSignIn(
  deps: SignInDeps,
  tenant: Tenant | undefined,
  input: SignInInput,
  now: Date,
): Promise<SignInResult> {
  const password = normalisePassword(input.password);
  const user = tenant && (await deps.users.findByUsername(tenant.tenantId, input.username));
  const credential = user && (await deps.credentials.getPassword(user.tenantId, user.userId));
  if (user && !credential && !user.claimedAt) return signInWithTemporary(deps, user, password, now);
  const target =
    user && credential ? { tenantId: user.tenantId, userId: user.userId, hash: credential.hash } : undefined;
  const outcome = await verifyWithLockout(deps, target, password, now);
  if (outcome !== "passed" || !user || user.status !== "active") throw new AuthenticationError();
  if (credential) await rehashIfStale(deps, user, credential.hash, password);
  return finishSignIn(deps, user, { authTime: now.getTime() }, now);
}

export type { SignInResult };

/**
 * An unclaimed user signs in with the temporary password an admin handed out. It only proves who they are: the
 * answer is a challenge to set their own password, not a session. Lockout counts on the temporary credential;
 * an expired one (still in the table until TTL deletes it) fails like a wrong password.
 */
async function signInWithTemporary(
  deps: SignInDeps,
  user: User,
  password: string,
  now: Date,
): Promise<SignInResult> {
  const stored = await deps.temporaryPasswords.get(user.tenantId, user.userId);
  const credential = stored && !isExpired(stored, now) ? stored : undefined;
  const target = credential && {
    tenantId: user.tenantId,
    userId: user.userId,
    kind: "temporary" as const,
    matches: (typed: string) => isTemporaryPassword(deps, user, credential, typed),
  };
  const outcome = await verifyWithLockout(deps, target, password, now);
  if (outcome !== "passed" || !credential || user.status !== "active") throw new AuthenticationError();
  const challenge = await deps.sessions.issueChallenge(
    { tenantId: user.tenantId, userId: user.userId, generation: credential.generation },
    now,
  );
  return { kind: "new-password-required", ...challenge };
}

/** Whether `typed` is the sealed temporary password. */
async function isTemporaryPassword(
  deps: Pick<Deps, "secretBox">,
  user: User,
  credential: TemporaryCredential,
  typed: string,
): Promise<boolean> {
  const expected = await deps.secretBox.open(
    credential.sealed,
    temporaryPasswordAad(user.tenantId, user.userId, credential.generation),
  );
  // Hash both so the comparison is constant-time whatever the lengths.
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(expected), digest(typed));
}
