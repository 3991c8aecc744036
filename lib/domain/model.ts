import type { PasswordPolicies } from "./password-policy.js";
import type { EarlyYearsSettings } from "./pupil-pin.js";
import type { Role, UserType } from "./roles.js";

/** The tenant-scoped records of the service. Pure types and small helpers, no I/O. */

// User types and roles live in their own module (the policy and PIN rules need them, and this module needs those
// rules' types); re-exported here so a record's vocabulary is found with the record.
export { defaultRolesFor, type Role, roles, type UserType, userTypes } from "./roles.js";

export const groupTypes = ["year-group", "class", "registration-group", "custom"] as const;
export type GroupType = (typeof groupTypes)[number];

export type TenantPreferences = {
  /** PIN-code user creation (issue #5). */
  pinCodeLogin: "off" | "all_clients" | "web_only";
  allowPasswordResetByEmail: boolean;
  /** Actions the tenant's application confirms with the user's SSO PIN (step-up), by name. */
  stepUpActions: string[];
  /**
   * Roles a session may use only with two factors (an authenticator code at sign-in): without one, the person has
   * basic access (their other roles) until they add an authenticator and sign in again. Absent on tenants created
   * before it existed: the default applies.
   */
  twoFactorRoles: Role[];
};

/** The roles that need two factors unless the tenant says otherwise: the higher-access ones. */
export const defaultTwoFactorRoles: Role[] = ["site-admin", "headteacher", "nominated-contact"];

export const defaultTenantPreferences: TenantPreferences = {
  pinCodeLogin: "off",
  allowPasswordResetByEmail: false,
  stepUpActions: ["sign_in", "delete_student", "remove_projector_mode"],
  twoFactorRoles: defaultTwoFactorRoles,
};

/** A tenant's roles that need two factors (the default for a tenant stored before the setting existed). */
export function twoFactorRolesOf(tenant: { preferences?: Partial<TenantPreferences> } | undefined): Role[] {
  return tenant?.preferences?.twoFactorRoles ?? defaultTwoFactorRoles;
}

/** Schools are in the UK until a tenant says otherwise. */
export const defaultTimeZone = "Europe/London";

/** The tenant's time zone, or the default. */
export function timeZoneOf(tenant: Pick<Tenant, "timeZone"> | undefined): string {
  return tenant?.timeZone ?? defaultTimeZone;
}

/** Whether `name` is an IANA time zone this runtime knows (e.g. "Europe/London"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: name });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}

export type Tenant = {
  tenantId: string;
  name: string;
  /** Shown in emails; must be set before default email layouts can be imported (issue #5). */
  environmentName?: string;
  /** Sender of the tenant's emails (a verified SES identity in AWS); unset: the service's sender. */
  senderAddress?: string;
  /** The school's IANA time zone: times on printed reports and slips and in the console (unset: `defaultTimeZone`). */
  timeZone?: string;
  preferences: TenantPreferences;
  /** Rules for generated temporary passwords per user type; defaults apply to types not set. */
  passwordPolicies?: PasswordPolicies;
  /** Early-years pupil PIN login (issue #4); off until the headteacher accepts the declaration. */
  earlyYears?: EarlyYearsSettings;
  /**
   * Set once the school's roster has sent any class-teacher link (myUSO: without them only nominated contacts may
   * change PINs).
   */
  hasClassTeacherLinks?: boolean;
  createdAt: string;
  updatedAt: string;
};

/** Only `active` users may sign in or use a PIN; anything else is refused (`left`: gone from the school). */
export const userStatuses = ["active", "disabled", "left"] as const;
export type UserStatus = (typeof userStatuses)[number];

export function isActive(user: Pick<User, "status">): boolean {
  return user.status === "active";
}

export type User = {
  tenantId: string;
  userId: string;
  /** Id of the person in the school's MIS; roster imports upsert by it. */
  externalId?: string;
  /** Unique per tenant, compared in normalised form. */
  username: string;
  forename: string;
  surname: string;
  email?: string;
  emailVerified: boolean;
  /** ISO date (YYYY-MM-DD). */
  dateOfBirth?: string;
  userType: UserType;
  roles: Role[];
  permissions: string[];
  profiles: string[];
  /** Companies the user may see beyond their own (IndySoft); inherited by users signed up with their PIN code. */
  companyExceptions: string[];
  status: UserStatus;
  /**
   * Sessions issued before this moment are no longer valid (set when the user is disabled or leaves; another
   * change, such as a sign-out everywhere, may move it too).
   */
  sessionsValidAfter?: string;
  /** Set while the user holds a PIN code (issue #5): a "PIN-code user". Never the code. */
  pinCode?: PinCodeHolder;
  /** When the user first set their own password; until then the account is "unclaimed". */
  claimedAt?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

/** What the user record shows about a user's PIN code. */
export type PinCodeHolder = { active: true; assignedAt: string; assignedBy: string };

export type Group = {
  tenantId: string;
  groupId: string;
  externalId?: string;
  name: string;
  type: GroupType;
  /** e.g. "Year 3" for a class in year 3: lets the picker filter classes by year. */
  yearGroup?: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
};

export type Membership = { tenantId: string; groupId: string; userId: string };

/**
 * The one way text is compared and sorted case-insensitively: Unicode compatibility normalisation (fullwidth
 * "ＡＶＡ" is "ava"), trimmed, lower-cased.
 */
export function foldCase(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}

/** Usernames are unique per tenant in folded form. */
export const normaliseUsername = foldCase;

/** Email addresses key global identities in folded form (as a whole, local part included). */
export const normaliseEmail = foldCase;
