import { randomUUID } from "node:crypto";
import { emailDate, recipientValues } from "../../domain/email-layout.js";
import { NotFoundError, ValidationError } from "../../domain/errors.js";
import { defaultTenantPreferences, type User } from "../../domain/model.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import { assertAcceptableSsoPin } from "../../domain/sso-pin.js";
import { cachePerPort } from "../cache.js";
import { type CredentialGuardDeps, guardCredentialAction } from "../credential-guard.js";
import type { Deps } from "../deps.js";
import { queueEmail } from "../emails/queue-email.js";
import { verifyWithLockout } from "../verify-with-lockout.js";

/** Bromcom: "The User Account must have an email address registered as an SSO Account in order to have an SSO Pin." */
export function isSsoAccount(user: User): boolean {
  return Boolean(user.email) && user.profiles.includes("sso");
}

/**
 * An admin resets another user's SSO PIN: the old PIN stops working at once, the state becomes `reset_pending`, and
 * the user sets a new one at their next SSO login. The admin never chooses the PIN. Audited on the user's history,
 * and the user gets an "SSO PIN reset" notice (no secret in it) when their email is verified. A signed-in admin
 * confirms with their own password; nobody resets the PIN of a user with more privilege than theirs. The tenant's
 * application (API key, which cannot re-authenticate) may reset the PINs of unprivileged users only: a key could
 * otherwise reset an admin's PIN and set one of its choosing (`setupSsoPin`), earning the admin's step-up tokens.
 */
export async function resetSsoPin(
  deps: CredentialGuardDeps & Pick<Deps, "ssoPins" | "audit" | "outbox" | "emailDeliveries" | "secretBox">,
  principal: Principal,
  input: { userId: string; password?: string },
) {
  authorize(principal, "pins:reset-sso");
  const user = await guardCredentialAction(deps, principal, input);
  const now = deps.clock.now();
  if (!isSsoAccount(user)) {
    const detail = "the user has no email address registered as an SSO account";
    throw new ValidationError(`Cannot reset the SSO PIN: ${detail}.`, [{ pointer: "/userId", detail }]);
  }
  await deps.ssoPins.reset(user.tenantId, user.userId, actorOf(principal), now);
  await deps.audit.record({
    tenantId: user.tenantId,
    userId: user.userId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "sso-pin.reset",
    details: {},
  });
  if (user.email && user.emailVerified) {
    await queueEmail(deps, {
      tenantId: user.tenantId,
      layoutId: "SSO_PIN_RESET_NOTICE",
      to: user.email,
      values: { ...recipientValues(user), RESET_AT: emailDate(now) },
    });
  }
  return { userId: user.userId, state: "reset_pending" as const };
}

export type SsoPinOutcome =
  | { outcome: "ok"; stepUpToken: string; action: string; expiresAt: Date }
  | { outcome: "setup_required" }
  | { outcome: "invalid" }
  | { outcome: "locked" };

/**
 * The tenant's step-up actions, cached briefly per execution environment: every verification needs them and they
 * rarely change, so a removed action is refused within a minute instead of costing a table read per PIN check.
 */
const stepUpActionCache = cachePerPort<readonly string[]>({ maxEntries: 100, ttlMs: 60_000 });

async function stepUpActions(deps: Pick<Deps, "tenants" | "clock">, tenantId: string) {
  return stepUpActionCache(deps.tenants).get(deps.clock, tenantId, async () => {
    const tenant = await deps.tenants.get(tenantId);
    return tenant?.preferences.stepUpActions ?? defaultTenantPreferences.stepUpActions;
  });
}

async function assertKnownAction(deps: Pick<Deps, "tenants" | "clock">, tenantId: string, action: string) {
  if (!(await stepUpActions(deps, tenantId)).includes(action)) {
    const detail = "not one of the tenant's step-up actions (PATCH /v1/tenant preferences.stepUpActions)";
    throw new ValidationError(`Unknown action ${action}.`, [{ pointer: "/action", detail }]);
  }
}

/**
 * The tenant's application, having completed a user's SSO, checks the PIN they typed — to sign in (`sign_in`) or
 * to confirm a sensitive action. Outcomes are machine-readable for the tenant's backend: `ok` with a short-lived
 * step-up token bound to tenant, user and action; `setup_required` (no PIN yet, or reset); `invalid`; `locked`.
 * An unknown user is `invalid`, exactly like a wrong PIN. Attempts are reserved atomically before the PIN is
 * evaluated (at most 5 evaluations before a lock, however many arrive at once); a lock doubles from 1 to 15 minutes.
 * 1. Check the action against the tenant's step-up actions (cached for a minute) while finding the user.
 * 2. Reserve an attempt on the PIN item; the same write returns the PIN's hash (one round trip, not a read and a
 *    write). No hash means no PIN yet or a reset: read the PIN's state to tell `setup_required` from `invalid`.
 * 3. Evaluate the PIN; a failure may lock, a success resets the counters and issues the step-up token.
 */
export async function verifySsoPin(
  deps: Pick<Deps, "users" | "tenants" | "ssoPins" | "credentials" | "hasher" | "sessions" | "clock">,
  principal: Principal,
  input: { username: string; pin: string; action: string },
): Promise<SsoPinOutcome> {
  authorize(principal, "pins:verify-sso");
  const now = deps.clock.now();
  const [, found] = await Promise.all([
    assertKnownAction(deps, principal.tenantId, input.action),
    deps.users.findByUsername(principal.tenantId, input.username),
  ]);
  const user = found && isSsoAccount(found) && found.status === "active" ? found : undefined;
  const target = user && {
    tenantId: user.tenantId,
    userId: user.userId,
    kind: "sso-pin" as const,
    hashOnCounter: true as const,
  };
  // "locked" is said as such (no hashing to hide it); without a hash, the PIN's state decides the answer.
  const outcome = await verifyWithLockout(deps, target, input.pin, now, {
    burnWhenLocked: false,
    burnWhenAbsent: false,
  });
  if (outcome === "locked") return { outcome: "locked" };
  if (outcome === "absent" && user) {
    const record = await deps.ssoPins.get(user.tenantId, user.userId);
    return !record || record.state === "reset_pending"
      ? { outcome: "setup_required" }
      : burnt(deps, input.pin);
  }
  if (outcome !== "passed" || !user) return { outcome: "invalid" };
  const token = await deps.sessions.issueStepUp(
    { tenantId: user.tenantId, userId: user.userId, action: input.action },
    now,
  );
  return { outcome: "ok", stepUpToken: token.token, action: input.action, expiresAt: token.expiresAt };
}

/** No PIN to evaluate: the same hashing work as a wrong PIN, and the same answer. */
async function burnt(deps: Pick<Deps, "hasher">, pin: string): Promise<SsoPinOutcome> {
  await deps.hasher.burn(pin);
  return { outcome: "invalid" };
}

/**
 * At the SSO login after a reset (or the first one), the user creates a 6-digit PIN and confirms it. Trivial PINs
 * are refused with the reason. Saved only while setup is required (a set PIN cannot be overwritten this way); the
 * flow continues with a `sign_in` step-up token. Audited.
 */
export async function setupSsoPin(
  deps: Pick<Deps, "users" | "ssoPins" | "hasher" | "sessions" | "audit" | "clock">,
  principal: Principal,
  input: { username: string; pin: string; confirmPin: string },
) {
  authorize(principal, "pins:verify-sso");
  const now = deps.clock.now();
  const found = await deps.users.findByUsername(principal.tenantId, input.username);
  const user = found && isSsoAccount(found) && found.status === "active" ? found : undefined;
  if (!user) throw new NotFoundError("SSO account");
  const record = await deps.ssoPins.get(user.tenantId, user.userId);
  if (record?.state === "active") throw notPending();
  assertAcceptableSsoPin(input.pin, input.confirmPin, { dateOfBirth: user.dateOfBirth });
  if (!(await deps.ssoPins.set(user.tenantId, user.userId, await deps.hasher.hash(input.pin), now))) {
    throw notPending();
  }
  await deps.audit.record({
    tenantId: user.tenantId,
    userId: user.userId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: `user:${user.userId}`,
    action: "sso-pin.set",
    details: {},
  });
  const token = await deps.sessions.issueStepUp(
    { tenantId: user.tenantId, userId: user.userId, action: "sign_in" },
    now,
  );
  return { outcome: "ok" as const, stepUpToken: token.token, action: "sign_in", expiresAt: token.expiresAt };
}

function notPending() {
  const detail = "the user already has a PIN; an admin must reset it first";
  return new ValidationError("No PIN setup is pending for this user.", [{ pointer: "/username", detail }]);
}

/**
 * Introspection for the tenant's application (RFC 7662 style): is this step-up token valid, for this tenant, and
 * for the action it is about to perform? A token is single-use: the first introspection that finds it active
 * consumes its id (a conditional write: of two at once exactly one is active); every later one answers inactive.
 * A token shown to another tenant or for another action is not consumed.
 */
export async function introspectStepUp(
  deps: Pick<Deps, "sessions" | "ssoPins" | "clock">,
  principal: Principal,
  input: { token: string; action: string },
) {
  authorize(principal, "pins:verify-sso");
  let claims: Awaited<ReturnType<Deps["sessions"]["verifyStepUp"]>>;
  try {
    claims = await deps.sessions.verifyStepUp(input.token, deps.clock.now());
  } catch {
    return { active: false };
  }
  if (claims.tenantId !== principal.tenantId || claims.action !== input.action) return { active: false };
  if (!(await deps.ssoPins.consumeStepUp(claims.tenantId, claims.tokenId, claims.expiresAt)))
    return { active: false };
  return { active: true, userId: claims.userId, action: claims.action };
}
