import { randomUUID } from "node:crypto";
import { removalReauthMs } from "../../domain/authenticator.js";
import { emailDate, recipientValues } from "../../domain/email-layout.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { ownerOf } from "../../domain/identity.js";
import { normalisePassword } from "../../domain/password-rules.js";
import { actorOf, authorize, authorizeCredentialAction, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { type QueueEmailDeps, queueEmail } from "../emails/queue-email.js";
import { reauthenticate } from "../sessions/reauthenticate.js";
import { verifyWithLockout } from "../verify-with-lockout.js";
import { assertMayManageDevices, assertPerson, issueRecoveryCodes } from "./authenticators.js";
import { recordOwnerEvent } from "./owner-events.js";
import { type SecondFactorDeps, verifySecondFactor } from "./verify-second-factor.js";

const refused = (pointer: string, detail: string) =>
  new ValidationError("The confirmation was not accepted.", [{ pointer, detail }]);

/**
 * Removes one of the signed-in person's authenticators, confirmed by one of: a current code (of any of their
 * devices, used once), their password in the request (under the password lockout), or a sign-in whose password
 * was proved within the last 5 minutes. A wrong confirmation changes nothing.
 */
export async function removeAuthenticator(
  deps: SecondFactorDeps & Pick<Deps, "clock">,
  principal: Principal,
  input: { deviceId: string; code?: string; password?: string },
) {
  assertPerson(principal);
  const now = deps.clock.now();
  const owner = ownerOf(principal);
  const device = await deps.authenticators.get(owner, input.deviceId);
  if (!device) throw new NotFoundError("Authenticator");
  if (input.code !== undefined) {
    const result = await verifySecondFactor(deps, owner, { code: input.code }, now);
    if (result.outcome !== "passed")
      throw refused("/code", "not a current, unused code of your authenticators");
  } else if (input.password !== undefined) {
    await assertMayManageDevices(deps, principal, owner);
    const credential = await deps.credentials.getPassword(owner.tenantId, owner.userId);
    const target = credential && { tenantId: owner.tenantId, userId: owner.userId, hash: credential.hash };
    if ((await verifyWithLockout(deps, target, normalisePassword(input.password), now)) !== "passed") {
      throw refused("/password", "not your password");
    }
  } else {
    await assertMayManageDevices(deps, principal, owner);
    const authTime = principal.session?.authTime;
    if (authTime === undefined || now.getTime() - authTime > removalReauthMs) {
      throw new ForbiddenError(
        "Confirm the removal with a current code or your password (or sign in again: within 5 minutes no confirmation is needed).",
      );
    }
  }
  if (!(await deps.authenticators.remove(owner, device.deviceId))) throw new NotFoundError("Authenticator");
  await recordOwnerEvent(deps, owner, principal, {
    actor: actorOf(principal),
    action: "authenticator.removed",
    at: now,
    details: { deviceId: device.deviceId, name: device.name ?? "" },
  });
}

/** A new set of 10 recovery codes for a current code; the old set is void. */
export async function regenerateRecoveryCodes(
  deps: SecondFactorDeps & Pick<Deps, "clock">,
  principal: Principal,
  input: { code: string },
) {
  assertPerson(principal);
  const now = deps.clock.now();
  const owner = ownerOf(principal);
  const result = await verifySecondFactor(deps, owner, { code: input.code }, now);
  if (result.outcome !== "passed")
    throw refused("/code", "not a current, unused code of your authenticators");
  return issueRecoveryCodes(deps, owner, principal, actorOf(principal), now);
}

/**
 * An admin removes a user's lost authenticators and recovery codes (the user's school account; a Latchkey ID's
 * are its owner's to manage).
 * 1. A signed-in person with `authenticators:reset`, confirming with their own password (never an API key).
 * 2. Never on a user with more privilege (`authorizeCredentialAction`).
 * 3. Every device and the recovery codes go; the next sign-in asks for enrolment again.
 * 4. Audited in the tenant and on the user's history; the user is emailed a notice (no secret) at a verified address.
 */
export async function resetAuthenticators(
  deps: Pick<Deps, "authenticators" | "users" | "credentials" | "hasher" | "clock" | "audit"> &
    QueueEmailDeps,
  principal: Principal,
  input: { userId: string; password: string },
) {
  authorize(principal, "authenticators:reset");
  await reauthenticate(deps, principal, input.password);
  const now = deps.clock.now();
  const user = await deps.users.get(principal.tenantId, input.userId);
  if (!user) throw new NotFoundError("User");
  authorizeCredentialAction(principal, user);
  const removed = await deps.authenticators.removeAll({ tenantId: user.tenantId, userId: user.userId });
  const event = {
    tenantId: user.tenantId,
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "authenticators.reset-by-admin" as const,
    details: { removed },
  };
  await deps.audit.recordMany([
    { ...event, eventId: randomUUID(), details: { ...event.details, userId: user.userId } },
    { ...event, eventId: randomUUID(), userId: user.userId },
  ]);
  if (user.email && user.emailVerified) {
    await queueEmail(deps, {
      tenantId: user.tenantId,
      layoutId: "AUTHENTICATOR_RESET_NOTICE",
      to: user.email,
      values: { ...recipientValues(user), RESET_AT: emailDate(now) },
    });
  }
  return { userId: user.userId, removed };
}
