import { normaliseEmail } from "./model.js";

/**
 * Latchkey ID (CPOMS's "SSO" account): one person's email, password and authenticators across several schools, each
 * school a tenant where the person already has a user account.
 *
 * Per-person credentials — a password and its lockout, reset links, authenticator devices and recovery codes, events —
 * belong to an **owner**: a tenant's user account (`{ tenantId, userId }`), or an identity, which is the owner
 * `{ tenantId: identityScope, userId: <normalised email> }`. `identityScope` can never be a tenant id (tenant ids are
 * `[a-z0-9-]`), and the key scheme stores an identity's items under `ID#<email>` — so every owner-keyed store
 * (credentials, link stores, authenticators, the audit log) serves identities without a second code path.
 */
export const identityScope = "~";

/** Whoever owns a credential: a tenant's user account, or a Latchkey ID (see `identityOwner`). */
export type Owner = { tenantId: string; userId: string };

/** The owner that is the identity of this email. */
export function identityOwner(email: string): Owner {
  return { tenantId: identityScope, userId: normaliseEmail(email) };
}

/**
 * Whose credentials a signed-in person's "my …" actions reach: the Latchkey ID a session signed in with, else the
 * session's own account.
 */
export function ownerOf(person: { tenantId: string; userId: string; identity?: string }): Owner {
  return person.identity
    ? identityOwner(person.identity)
    : { tenantId: person.tenantId, userId: person.userId };
}

export function isIdentityOwner(owner: Owner): boolean {
  return owner.tenantId === identityScope;
}

/**
 * How long after a person proved their password (and second factor) a Latchkey ID session may switch school without
 * asking again: a working day.
 */
export const maxIdentityAuthAgeMs = 12 * 3600_000;

/** How a session's person authenticated (RFC 8176 method references). */
export type AuthMethod = "pwd" | "otp" | "recovery";

/** Whether these methods include a second factor (an authenticator code or a recovery code). */
export function hasSecondFactor(amr: readonly AuthMethod[] | undefined): boolean {
  return !!amr?.some((m) => m === "otp" || m === "recovery");
}
