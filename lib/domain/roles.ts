/**
 * User types and roles: the vocabulary the records (`model.ts`), the password policies and the PIN rules share. Its
 * own module so those rules can use it without importing the records that in turn use the rules' types.
 */

export const userTypes = ["staff", "student", "parent", "other"] as const;
export type UserType = (typeof userTypes)[number];

export const roles = [
  "site-admin",
  "headteacher",
  "nominated-contact",
  "class-teacher",
  "staff",
  "pupil",
] as const;
export type Role = (typeof roles)[number];

/** Roles a roster row gets when it names none. */
export function defaultRolesFor(userType: UserType): Role[] {
  switch (userType) {
    case "student":
      return ["pupil"];
    case "staff":
      return ["staff"];
    default:
      return [];
  }
}

/**
 * Roles a roster (an API key) may neither grant nor remove: they administer the tenant or read secrets (one-time
 * reports, PIN slips, temporary passwords). Only a signed-in person with the power to do so changes them.
 */
export const privilegedRoles = [
  "site-admin",
  "headteacher",
  "nominated-contact",
] as const satisfies readonly Role[];

export function isPrivilegedRole(role: Role): boolean {
  return (privilegedRoles as readonly Role[]).includes(role);
}

/** Whether a user holding these roles is privileged (see `privilegedRoles`). */
export function holdsPrivilegedRole(roles: readonly Role[]): boolean {
  return roles.some(isPrivilegedRole);
}
