import { defaultRolesFor, type User } from "./model.js";
import type { UserRow } from "./roster.js";

/**
 * How a roster row becomes a user, or changes one: the school's MIS is the source of truth for these fields, so a
 * row overwrites them all; what it does not send (status, PIN code, claimed password) stays the service's own.
 */
export const rosterFields = [
  "username",
  "forename",
  "surname",
  "email",
  "emailVerified",
  "dateOfBirth",
  "userType",
  "roles",
  "permissions",
  "profiles",
  "companyExceptions",
] as const;

/** A user without an email has no verified email, whatever the row says. */
const verifiedEmail = (row: UserRow) => (row.email ? row.emailVerified : false);

/** A new, active user from a roster row: the row's roles, or the default roles of its user type when it names none. */
export function userFromRosterRow(tenantId: string, userId: string, row: UserRow, now: Date): User {
  const at = now.toISOString();
  return {
    tenantId,
    userId,
    externalId: row.externalId,
    username: row.username,
    forename: row.forename,
    surname: row.surname,
    email: row.email,
    emailVerified: verifiedEmail(row),
    dateOfBirth: row.dateOfBirth,
    userType: row.userType,
    roles: row.roles ?? defaultRolesFor(row.userType),
    permissions: row.permissions,
    profiles: row.profiles,
    companyExceptions: row.companyExceptions,
    status: "active",
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * The user after applying a roster row — every roster field from the row, the current roles kept when the row names
 * none — with its version bumped; undefined when the row changes nothing.
 */
export function mergeRosterRow(current: User, row: UserRow, now: Date): User | undefined {
  const next: User = {
    ...current,
    ...Object.fromEntries(rosterFields.map((f) => [f, row[f]])),
    roles: row.roles ?? current.roles,
    emailVerified: verifiedEmail(row),
  };
  const changed = rosterFields.some((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
  return changed ? { ...next, updatedAt: now.toISOString(), version: current.version + 1 } : undefined;
}
