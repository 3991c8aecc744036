import { AuthenticatorRequiredError, ForbiddenError } from "./errors.js";
import type { AuthMethod } from "./identity.js";
import type { Role } from "./model.js";
import { holdsPrivilegedRole } from "./roles.js";

/** Who is calling, as proven by a verified API key or session. The tenant id comes only from here. */
export type Principal =
  | { kind: "api-key"; tenantId: string; keyId: string }
  | {
      kind: "user";
      tenantId: string;
      userId: string;
      /** The user's roles as stored now (read on every request), never the roles the token was issued with. */
      roles: readonly Role[];
      /**
       * The session this request came with (absent for principals made outside the HTTP edge): its id, expiry, how
       * the person authenticated and when they proved their password (epoch ms).
       */
      session?: { sessionId: string; expiresAt: number; amr?: readonly AuthMethod[]; authTime?: number };
      /** A Latchkey ID session: the identity (normalised email) that signed in (`domain/identity.ts`). */
      identity?: string;
      /** Whether this session's person gave a second factor (an authenticator or recovery code) at sign-in. */
      secondFactor?: boolean;
      /**
       * Roles the user holds but this session may not use: the tenant reserves them for two factors and the session
       * has none (basic access). Not in `roles`; a refusal only they would have allowed says an authenticator is
       * required.
       */
      withheldRoles?: readonly Role[];
    };

export type Action =
  | "tenant:read"
  | "tenant:update"
  | "roster:import"
  | "jobs:read"
  | "groups:read"
  | "users:read"
  /**
   * Users' full dates of birth (those who keep the roster right). Everyone else who may read users sees the day of
   * the month only: a full date is most of a pupil's birthday PIN.
   */
  | "users:read-birth-dates"
  /** Unclaimed users and whether their temporary password is active or expired (never the password). */
  | "passwords:read"
  /** Generate temporary passwords (individual reset); bulk regeneration also needs the admin's password. */
  | "passwords:generate"
  /** Read a temporary password in plain text: "show password" and the one-time report. */
  | "passwords:reveal"
  | "audit:read"
  /** Reset another user's SSO PIN (the admin never chooses it). */
  | "pins:reset-sso"
  /** Check and set SSO PINs on behalf of a user who has just completed SSO (the tenant's application). */
  | "pins:verify-sso"
  /** The delivery status of the tenant's emails (never their content). */
  | "emails:read"
  /** Edit the tenant's email layouts and import the defaults. */
  | "emails:layouts"
  /** Send password reset emails to groups (a bulk job). */
  | "emails:send-resets"
  /**
   * Email users a link to confirm their address (one user, or groups as a bulk job). Only the address's owner can
   * follow it: nobody but them ever marks an address verified.
   */
  | "emails:send-verifications"
  /** Assign, regenerate (and email) or revoke a user's PIN code for signing up users in their likeness. */
  | "users:pin-codes"
  /** Choose the early-years year groups and default PIN rule. */
  | "early-years:configure"
  /** Accept the early-years declaration, which enables pupil PIN login (the headteacher only). */
  | "early-years:declare"
  /** End all sessions of another user (never of one with more privilege); people only, never an API key. */
  | "sessions:revoke"
  /**
   * Disable (and enable again) another user's account: a signed-in site admin only, never an API key, never on
   * themselves or a user with more privilege. A disabled user's sessions stop working on their next request.
   */
  | "users:disable"
  /** Create, list and revoke the tenant's API keys (a signed-in site admin only; a key never manages keys). */
  | "api-keys:manage"
  /** Remove a user's lost authenticators and recovery codes (a signed-in site admin with their password). */
  | "authenticators:reset"
  /**
   * Consent (or withdraw consent) that a user account is reached by the Latchkey ID of its email (a signed-in site
   * admin only, never an API key: it lets a person from outside sign in to the school).
   */
  | "identities:consent";

/** What each role may do. System integrations (API keys) act for the whole tenant. */
const grants: Record<Role, readonly Action[]> = {
  "site-admin": [
    "tenant:read",
    "tenant:update",
    "roster:import",
    "jobs:read",
    "groups:read",
    "users:read",
    "users:read-birth-dates",
    "passwords:read",
    "passwords:generate",
    "passwords:reveal",
    "audit:read",
    "pins:reset-sso",
    "users:pin-codes",
    "early-years:configure",
    "emails:read",
    "emails:layouts",
    "emails:send-resets",
    "emails:send-verifications",
    "sessions:revoke",
    "users:disable",
    "api-keys:manage",
    "authenticators:reset",
    "identities:consent",
  ],
  headteacher: [
    "tenant:read",
    "jobs:read",
    "groups:read",
    "users:read",
    "audit:read",
    "early-years:configure",
    "early-years:declare",
    "sessions:revoke",
  ],
  "nominated-contact": [
    "tenant:read",
    "jobs:read",
    "groups:read",
    "users:read",
    "passwords:read",
    "audit:read",
  ],
  "class-teacher": ["tenant:read", "groups:read", "users:read"],
  staff: ["tenant:read"],
  pupil: [],
};

/** API keys are integrations: they never see a password in plain text (only a signed-in site admin does). */
const apiKeyActions: readonly Action[] = [
  "tenant:read",
  "tenant:update",
  "roster:import",
  "jobs:read",
  "groups:read",
  "users:read",
  "users:read-birth-dates",
  "passwords:read",
  "audit:read",
  "pins:reset-sso",
  "pins:verify-sso",
  "users:pin-codes",
  "early-years:configure",
  "emails:read",
  "emails:layouts",
  "emails:send-resets",
  "emails:send-verifications",
];

export function can(principal: Principal, action: Action): boolean {
  if (principal.kind === "api-key") return apiKeyActions.includes(action);
  return principal.roles.some((role) => grants[role].includes(action));
}

/**
 * Secrets in plain text (one-time reports and slips, "show password", a generated PIN or password in an answer) are
 * for signed-in people only: an API key is an integration and never reads one, whatever it started.
 */
export function assertMayReadSecrets(
  principal: Principal,
): asserts principal is Extract<Principal, { kind: "user" }> {
  if (principal.kind !== "user") {
    throw new ForbiddenError("Secrets are shown only to signed-in people, never to an API key");
  }
}

/**
 * Who may print the one-time slips of a pupil-PIN job: a nominated contact or the headteacher, or the person who
 * started it. A job started by an API key or by the system has no creator who may read them.
 */
export function mayReadPinSlips(principal: Principal, createdBy: string): boolean {
  if (principal.kind !== "user") return false;
  if (principal.roles.some((r) => r === "nominated-contact" || r === "headteacher")) return true;
  return createdBy.startsWith("user:") && createdBy === actorOf(principal);
}

/**
 * Throws `ForbiddenError` unless the principal may perform the action — `AuthenticatorRequiredError` when only the
 * roles withheld from a session without a second factor would allow it.
 */
export function authorize(principal: Principal, action: Action): void {
  if (can(principal, action)) return;
  const withheld = principal.kind === "user" ? (principal.withheldRoles ?? []) : [];
  if (withheld.some((role) => grants[role].includes(action))) throw new AuthenticatorRequiredError(withheld);
  throw new ForbiddenError(`Not allowed to ${action.replace(":", " ")}`);
}

/** Who did it, for audit fields and job records. */
export function actorOf(principal: Principal): string {
  return principal.kind === "api-key" ? `api-key:${principal.keyId}` : `user:${principal.userId}`;
}

/** Everything a set of roles may do. */
function actionsOf(roles: readonly Role[]): Set<Action> {
  return new Set(roles.flatMap((role) => grants[role]));
}

/**
 * Whether `principal` may reset, reveal or change the credentials of `target`. Nobody acts on a user with more
 * privilege than their own: every action the target's roles allow, the principal's roles must allow too (so a
 * site admin, who cannot accept the early-years declaration, cannot take over the headteacher; equals may act on
 * each other). Users act on themselves. An API key never acts on a privileged user.
 */
export function mayActOnCredentialsOf(
  principal: Principal,
  target: { userId: string; roles: readonly Role[] },
): boolean {
  if (principal.kind === "api-key") return !holdsPrivilegedRole(target.roles);
  if (principal.userId === target.userId) return true;
  const own = actionsOf(principal.roles);
  return [...actionsOf(target.roles)].every((action) => own.has(action));
}

/** Throws `ForbiddenError` unless the principal may act on the target's credentials. */
export function authorizeCredentialAction(
  principal: Principal,
  target: { userId: string; roles: readonly Role[] },
): void {
  if (!mayActOnCredentialsOf(principal, target)) {
    throw new ForbiddenError(
      "Not allowed to change the credentials of a user with more privilege than yours",
    );
  }
}
