import { ConflictError } from "./errors.js";
import { defaultRolesFor, normaliseEmail, type Role, type User } from "./model.js";
import { holdsPrivilegedRole, isPrivilegedRole } from "./roles.js";
import type { UserRow } from "./roster.js";

/**
 * How a roster row becomes a user, or changes one: the school's MIS is the source of truth for these fields, so a
 * row overwrites them all; what it does not send (PIN code, claimed password) stays the service's own. A roster is
 * an API key: it may never escalate, so these rules also refuse rows (`RosterRowRefusedError`, reported as a row
 * error while the other rows are applied):
 * - privileged roles (`privilegedRoles`) are the service's own: a row may not grant one, and a user keeps the ones
 *   they hold whatever the row says (a roster that does not know them cannot remove them);
 * - the email and the status of a privileged user are not the roster's to change;
 * - `emailVerified` never comes from a roster: a new address is unverified until its owner proves it by a link, and
 *   an unchanged address keeps what its owner proved.
 */
export const rosterFields = [
  "username",
  "forename",
  "surname",
  "email",
  "dateOfBirth",
  "userType",
  "roles",
  "permissions",
  "profiles",
  "companyExceptions",
  "status",
] as const;

/** A roster row the rules refuse (the reason is reported with the row's section and line). */
export class RosterRowRefusedError extends ConflictError {}

const privilegedIn = (roles: readonly Role[]) => roles.filter(isPrivilegedRole);

function refuseGrant(roles: readonly Role[], held: readonly Role[] = []): void {
  const granted = privilegedIn(roles).filter((r) => !held.includes(r));
  if (granted.length > 0) {
    throw new RosterRowRefusedError(
      `roles: a roster may not grant ${granted.join(", ")} (a signed-in administrator must)`,
    );
  }
}

/** A new user from a roster row: the row's roles, or the default roles of its user type when it names none. */
export function userFromRosterRow(tenantId: string, userId: string, row: UserRow, now: Date): User {
  const at = now.toISOString();
  const roles = row.roles ?? defaultRolesFor(row.userType);
  refuseGrant(roles);
  const status = row.status ?? "active";
  return {
    tenantId,
    userId,
    externalId: row.externalId,
    username: row.username,
    forename: row.forename,
    surname: row.surname,
    email: row.email,
    emailVerified: false,
    dateOfBirth: row.dateOfBirth,
    userType: row.userType,
    roles,
    permissions: row.permissions,
    profiles: row.profiles,
    companyExceptions: row.companyExceptions,
    status,
    ...(status === "active" ? {} : { sessionsValidAfter: at }),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

const sameEmail = (a?: string, b?: string) => (a ? normaliseEmail(a) : "") === (b ? normaliseEmail(b) : "");

/**
 * The user after applying a roster row — every roster field from the row, the current roles kept when the row names
 * none, privileged roles always kept — with its version bumped; undefined when the row changes nothing. Throws
 * `RosterRowRefusedError` when the row would escalate (see above). A user who stops being active has their
 * sessions end now (`sessionsValidAfter`).
 */
export function mergeRosterRow(current: User, row: UserRow, now: Date): User | undefined {
  const privileged = holdsPrivilegedRole(current.roles);
  if (row.roles) refuseGrant(row.roles, current.roles);
  const wanted = row.roles
    ? [...privilegedIn(current.roles), ...row.roles.filter((r) => !isPrivilegedRole(r))]
    : current.roles;
  const sameRoles = wanted.length === current.roles.length && wanted.every((r) => current.roles.includes(r));
  const roles = sameRoles ? current.roles : wanted;
  const email = sameEmail(row.email, current.email) ? current.email : row.email;
  if (privileged && email !== current.email) {
    throw new RosterRowRefusedError("email: a roster may not change the email of a privileged user");
  }
  const status = row.status ?? current.status;
  if (privileged && status !== current.status) {
    throw new RosterRowRefusedError("status: a roster may not disable a privileged user");
  }
  const next: User = {
    ...current,
    ...Object.fromEntries(rosterFields.map((f) => [f, row[f]])),
    roles,
    email,
    status,
    emailVerified: email === current.email ? current.emailVerified : false,
  };
  const changed = rosterFields.some((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
  if (!changed) return undefined;
  const leaving = current.status === "active" && status !== "active";
  return {
    ...next,
    ...(leaving ? { sessionsValidAfter: now.toISOString() } : {}),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
}
