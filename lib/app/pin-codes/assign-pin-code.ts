import { randomUUID } from "node:crypto";
import type { AuditEvent } from "../../domain/audit.js";
import { recipientValues } from "../../domain/email-layout.js";
import { ConflictError, ValidationError } from "../../domain/errors.js";
import { normaliseEmail, type PinCodeHolder, type User } from "../../domain/model.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import { generatePinCode } from "../../domain/pin-code.js";
import { type CredentialGuardDeps, guardCredentialAction } from "../credential-guard.js";
import type { Deps } from "../deps.js";
import { queueEmail } from "../emails/queue-email.js";

type AssignDeps = CredentialGuardDeps &
  Pick<
    Deps,
    | "users"
    | "pinCodes"
    | "hasher"
    | "outbox"
    | "emailDeliveries"
    | "secretBox"
    | "audit"
    | "clock"
    | "settings"
  >;

/** A drawn handle that another code of the tenant already has is drawn again, at most this many times. */
const handleDraws = 4;

/** The link a PIN-code email points to: the hosted sign-up page of the tenant (from configuration). */
export function signUpLink(publicBaseUrl: string, tenantId: string): string {
  return `${publicBaseUrl}/sign-up?tenant=${encodeURIComponent(tenantId)}`;
}

/**
 * An admin assigns a user a new random PIN code — or regenerates it — and emails it in the same call (IndySoft's
 * "assign" and "Email Pin Code"). The code is never returned and never retrievable: its plain text exists only
 * sealed in the queued email, so "email it again" means "regenerate".
 * 1. Authorise (`users:pin-codes`); a signed-in admin confirms with their own password (whoever the code is for:
 *    a code signs up new users in its holder's likeness); the user must exist in the principal's tenant, have no
 *    more privilege than the principal (an API key: no privileged user at all), and be active.
 * 2. The recipient is the user's own verified email, or the verified email of another active user of the same
 *    tenant (a requestor the admin names); anything else — an unverified or outside address — is refused (422), so
 *    the service cannot be made to mail a working code to anyone.
 * 3. Draw a code (25-bit handle + 50-bit secret) and hash the whole code with keyed argon2id.
 * 4. In one transaction: claim the handle (a taken handle draws again), replace the user's code (the old one stops
 *    working at once, its attempt counters start again), release the old handle, mark the user a PIN-code user.
 * 5. Queue `PINCODE_EMAIL_BODY` with the code (sealed on the queue) and the tenant's sign-up link. Should queueing
 *    fail, the new code is assigned but known to no one: the admin's retry regenerates it.
 * 6. Audit `pin-code.assigned` and `pin-code.emailed` for the tenant and on the user's history (never the code).
 */
export async function assignPinCode(
  deps: AssignDeps,
  principal: Principal,
  userId: string,
  input: { to?: string; password?: string },
) {
  authorize(principal, "users:pin-codes");
  const user = await guardCredentialAction(deps, principal, { userId, password: input.password });
  const now = deps.clock.now();
  if (user.status !== "active") {
    const detail = "the user is disabled";
    throw new ValidationError("A disabled user cannot hold a PIN code.", [{ pointer: "/userId", detail }]);
  }
  const to = await recipientOf(deps, user, input.to);
  const previous = await deps.pinCodes.get(user.tenantId, user.userId);
  const holder: PinCodeHolder = {
    active: true,
    assignedAt: now.toISOString(),
    assignedBy: actorOf(principal),
  };
  let code = generatePinCode();
  for (let draw = 1; ; draw++) {
    const hash = await deps.hasher.hash(code.text);
    const outcome = await deps.pinCodes.assign(
      user.tenantId,
      user.userId,
      { handle: code.handle, hash },
      holder,
      previous?.handle,
    );
    if (outcome === "assigned") break;
    if (outcome === "changed" || draw >= handleDraws) {
      throw new ConflictError("The user's PIN code changed at the same time; try again.");
    }
    code = generatePinCode();
  }
  const emailId = await queueEmail(deps, {
    tenantId: user.tenantId,
    layoutId: "PINCODE_EMAIL_BODY",
    to,
    values: {
      ...recipientValues(user),
      PINCODE: code.text,
      SIGN_UP_LINK: signUpLink(deps.settings.publicBaseUrl, user.tenantId),
    },
  });
  const at = now.toISOString();
  const actor = actorOf(principal);
  const assigned = { username: user.username, regenerated: Boolean(previous) };
  const emailed = { username: user.username, to, toUser: to === user.email, emailId };
  const events = (eventId: string, action: AuditEvent["action"], details: AuditEvent["details"]) => [
    { tenantId: user.tenantId, eventId, at, actor, action, details },
    { tenantId: user.tenantId, userId: user.userId, eventId, at, actor, action, details },
  ];
  await deps.audit.recordMany([
    ...events(randomUUID(), "pin-code.assigned", assigned),
    ...events(randomUUID(), "pin-code.emailed", emailed),
  ]);
  return { userId: user.userId, pinCode: holder, email: { emailId, to } };
}

/** Where a user's PIN code may go: their own verified email, or a verified email of an active user of the tenant. */
async function recipientOf(
  deps: Pick<Deps, "users">,
  user: User,
  typed: string | undefined,
): Promise<string> {
  const refuse = (detail: string) =>
    new ValidationError("No address to send the PIN code to.", [{ pointer: "/to", detail }]);
  const own = user.email && user.emailVerified ? user.email : undefined;
  if (typed === undefined || (own && normaliseEmail(typed) === normaliseEmail(own))) {
    if (own) return own;
    throw refuse(
      user.email
        ? "the user's email is not verified: give the verified address of a colleague in this school"
        : "the user has no email address: give the address to send the PIN code to",
    );
  }
  const links = await deps.users.identityLinks(normaliseEmail(typed));
  for (const link of links.filter((l) => l.tenantId === user.tenantId && l.verified)) {
    const holder = await deps.users.get(link.tenantId, link.userId);
    if (holder?.status === "active" && holder.emailVerified) return typed;
  }
  throw refuse("the address must be the user's own verified email or a colleague's in this school");
}
