import { randomUUID } from "node:crypto";
import type { AuditEvent } from "../../domain/audit.js";
import { recipientValues } from "../../domain/email-layout.js";
import { DomainError, ForbiddenError, ValidationError } from "../../domain/errors.js";
import { defaultRolesFor, type User } from "../../domain/model.js";
import { allowsSignUp, failedSignUpFloorMs, parsePinCode, type SignUpClient } from "../../domain/pin-code.js";
import { signUpLimits } from "../../domain/rate-limits.js";
import { waitForFloor } from "../answer-floor.js";
import type { Deps } from "../deps.js";
import { queueEmail } from "../emails/queue-email.js";
import { signInPageUrl } from "../sessions/page-links.js";
import { reserveSourceAttempt } from "../source-limits.js";
import { issueTemporaryPassword } from "../temporary-passwords/issue-temporary-password.js";
import { verifyWithLockout } from "../verify-with-lockout.js";

export type SignUpInput = {
  tenantId: string;
  pinCode: string;
  email: string;
  username: string;
  forename?: string;
  surname?: string;
  client: SignUpClient;
  /** The caller's address (API Gateway's `requestContext.http.sourceIp`): wrong codes are limited per source. */
  sourceIp: string;
};

type SignUpDeps = Pick<
  Deps,
  | "tenants"
  | "users"
  | "pinCodes"
  | "credentials"
  | "hasher"
  | "sourceAttempts"
  | "temporaryPasswords"
  | "secretBox"
  | "outbox"
  | "emailDeliveries"
  | "audit"
  | "clock"
  | "settings"
>;

/** The one answer to every wrong code — malformed, unknown handle, wrong secret, revoked, locked, owner disabled. */
export function invalidPinCode() {
  const detail = "is not a valid PIN code";
  return new ValidationError("The PIN code is not valid.", [{ pointer: "/pinCode", detail }]);
}

/**
 * Someone holding a PIN code signs up a new user in the likeness of the code's owner (IndySoft's login screen
 * "PIN code" icon). The new user inherits exactly what the owner holds at that moment — permissions, profiles,
 * company exceptions — and the owner's user type; roles are only the default role of that type, and only if the
 * owner has it (never site-admin or any other role the owner holds). They get a temporary password by email and set
 * their own at first sign-in (#3's flow).
 * 1. The tenant's login option must allow the client (`all_clients`; `web_only` for the web tier; `off` and an
 *    unknown tenant alike: 403, before anything about the code is looked at).
 * 2. Reserve an attempt for the source (tenant + SHA-256 of the address) and the tenant in a fixed window
 *    (`signUpLimits`, `reserveSourceAttempt`): 429 once the source's holds 20 (or the tenant's 200 and the source
 *    is not clean); a right code gives its attempt back.
 * 3. Find the owner by the code's handle and reserve an attempt on the owner's code, which returns its hash (five
 *    failures lock the code, like SSO PINs); verify the whole code with keyed argon2id. Without a handle, owner or
 *    hash, hash the code anyway. Every failure is the same 422, no sooner than `failedSignUpFloorMs` after the start.
 * 4. Create the user, claiming the username in the same transaction (409 with a `/username` field error when taken;
 *    nothing is written).
 * 5. Issue a temporary password (`issueTemporaryPassword`, as an admin's reset does) and queue `PASSWORD_EMAIL_NEW`.
 *    If either fails, the new user is deleted again, so nothing is left behind and the same username can be retried.
 * 6. Audit `user.signed-up-with-pin-code` for the tenant and on both users' histories.
 */
export async function signUpWithPinCode(deps: SignUpDeps, input: SignUpInput) {
  const now = deps.clock.now();
  const tenant = await deps.tenants.get(input.tenantId);
  if (!tenant || !allowsSignUp(tenant.preferences.pinCodeLogin, input.client)) {
    throw new ForbiddenError(
      tenant?.preferences.pinCodeLogin === "web_only"
        ? "PIN-code sign-up is available on the web only for this tenant."
        : "PIN-code sign-up is not available for this tenant.",
    );
  }
  const release = await reserveSourceAttempt(deps, tenant.tenantId, input.sourceIp, signUpLimits, now);
  let owner: User;
  try {
    owner = await verifiedOwner(deps, tenant.tenantId, input.pinCode, now);
  } catch (error) {
    if (error instanceof DomainError) await waitForFloor(deps.clock, now, failedSignUpFloorMs);
    throw error;
  }
  await release();

  const at = now.toISOString();
  const user: User = {
    tenantId: tenant.tenantId,
    userId: randomUUID(),
    username: input.username,
    forename: input.forename ?? input.username,
    surname: input.surname ?? "",
    email: input.email,
    emailVerified: false,
    userType: owner.userType,
    roles: defaultRolesFor(owner.userType).filter((role) => owner.roles.includes(role)),
    permissions: [...owner.permissions],
    profiles: [...owner.profiles],
    companyExceptions: [...owner.companyExceptions],
    status: "active",
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await deps.users.create(user);
  const actor = `user:${owner.userId}`;
  let generation: string;
  try {
    const issued = await issueTemporaryPassword(deps, tenant, user, actor, now);
    generation = issued.credential.generation;
    await queueEmail(deps, {
      tenantId: user.tenantId,
      layoutId: "PASSWORD_EMAIL_NEW",
      to: input.email,
      values: {
        ...recipientValues(user),
        TEMP_PASSWORD: issued.password,
        SIGN_IN_LINK: signInPageUrl(deps.settings.publicBaseUrl, user.tenantId),
      },
    });
  } catch (error) {
    await deps.users.deleteUnclaimed(user);
    throw error;
  }
  const details = {
    ownerUserId: owner.userId,
    ownerUsername: owner.username,
    newUserId: user.userId,
    newUsername: user.username,
    client: input.client,
    temporaryPasswordGeneration: generation,
  };
  const eventId = randomUUID();
  const event = (userId?: string): AuditEvent => ({
    tenantId: user.tenantId,
    eventId,
    at,
    actor,
    action: "user.signed-up-with-pin-code",
    ...(userId ? { userId } : {}),
    details,
  });
  await deps.audit.recordMany([event(), event(owner.userId), event(user.userId)]);
  return { userId: user.userId, username: user.username, email: input.email };
}

async function verifiedOwner(
  deps: Pick<SignUpDeps, "users" | "pinCodes" | "credentials" | "hasher" | "clock">,
  tenantId: string,
  typed: string,
  now: Date,
): Promise<User> {
  const code = parsePinCode(typed);
  const ownerId = code && (await deps.pinCodes.ownerOf(tenantId, code.handle));
  const owner = ownerId && (await deps.users.get(tenantId, ownerId));
  const active = owner && owner.status === "active" ? owner : undefined;
  const target = active && {
    tenantId,
    userId: active.userId,
    kind: "pin-code" as const,
    hashOnCounter: true as const,
  };
  // The whole code is what was hashed (canonical form); an unreadable code is hashed as typed.
  const outcome = await verifyWithLockout(deps, target, code?.text ?? typed, now);
  if (outcome !== "passed" || !active) throw invalidPinCode();
  return active;
}
