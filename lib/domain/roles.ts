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
