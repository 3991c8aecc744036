import { ValidationError } from "../../domain/errors.js";
import { assertAcceptablePassword, normalisePassword } from "../../domain/password-rules.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { queuePasswordChangedNotice } from "../emails/notices.js";
import { reauthenticate } from "./reauthenticate.js";

/**
 * A signed-in user changes their own password.
 * 1. Re-authenticate with the current password (counts towards lockout like a sign-in).
 * 2. Check the new password against the rules (and that it differs from the current one).
 * 3. Store the new peppered argon2id hash — of the identity's password for a Latchkey ID session (`reauthenticate`).
 * 4. End every session signed in before (a stolen one must not live on) — for a Latchkey ID, in every school.
 * 5. Queue a "your password was changed" notice when the user has an email (no secret in it).
 */
export async function changePassword(
  deps: Pick<
    Deps,
    | "users"
    | "credentials"
    | "hasher"
    | "outbox"
    | "emailDeliveries"
    | "clock"
    | "secretBox"
    | "sessionRevocations"
  >,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
) {
  const now = deps.clock.now();
  const { user, password: current, owner } = await reauthenticate(deps, principal, input.currentPassword);
  assertAcceptablePassword(input.newPassword, "newPassword", { username: user.username });
  const next = normalisePassword(input.newPassword);
  if (next === current) {
    const detail = "must differ from the current password";
    throw new ValidationError(`The new password ${detail}.`, [{ pointer: "/newPassword", detail }]);
  }
  await deps.credentials.setPassword(owner.tenantId, owner.userId, await deps.hasher.hash(next), now);
  // A new password ends every session signed in with the old one (this one too): a stolen one must not live on. A
  // Latchkey ID's, in every school.
  await deps.sessionRevocations.revokeAll(owner.tenantId, owner.userId, now);
  if (user.email) await queuePasswordChangedNotice(deps, user, user.email, now);
}
