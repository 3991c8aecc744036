import * as z from "zod";
import {
  groupTypes,
  normaliseUsername,
  type Role,
  roles,
  type UserType,
  userStatuses,
  userTypes,
} from "./model.js";
import { plainName } from "./plain-text.js";

/**
 * Roster rows as a school's MIS exports them, and the rules that decide which rows are valid. Invalid rows are
 * reported with their section and line; they never stop valid rows from being applied.
 */
export const rosterSections = ["groups", "users", "memberships", "classTeachers"] as const;
export type RosterSection = (typeof rosterSections)[number];

const externalId = z.string().trim().min(1).max(128);
const name = plainName(100);
const isoDate = z.iso.date();

export const groupRow = z.strictObject({
  externalId,
  name: plainName(200),
  type: z.enum(groupTypes),
  yearGroup: plainName(100).optional(),
});

/** A username as rosters and sign-ups give it (unique per tenant in folded form). */
export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(128)
  .regex(/^[\p{L}\p{N}._@+-]+$/u, "letters, digits and . _ @ + - only");

export const userRow = z.strictObject({
  externalId,
  username: usernameSchema,
  forename: name,
  surname: name,
  email: z.email().max(254).optional(),
  emailVerified: z.boolean().default(false).meta({
    description:
      "Ignored: an address is verified only by its owner following a link, never by a roster (accepted so MIS exports that send it still validate)",
  }),
  dateOfBirth: isoDate.optional(),
  userType: z.enum(userTypes),
  roles: z.array(z.enum(roles)).max(roles.length).optional().meta({
    description:
      "Replaces the user's roles, except privileged ones (site-admin, headteacher, nominated-contact): a roster may not grant them (the row is refused) and a user keeps those they hold",
  }),
  status: z.enum(userStatuses).optional().meta({
    description:
      "active, disabled or left (omitted: unchanged; new users are active). Anything but active ends the user's sessions and stops their password and PINs working; left users vanish from lists",
  }),
  permissions: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  profiles: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  companyExceptions: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
});

export const linkRow = z.strictObject({ groupExternalId: externalId, userExternalId: externalId });

export type GroupRow = z.infer<typeof groupRow>;
export type UserRow = z.infer<typeof userRow> & { roles?: Role[]; userType: UserType };
export type LinkRow = z.infer<typeof linkRow>;

export type Located<T> = { section: RosterSection; line: number; row: T };
export type RowError = { section: RosterSection; line: number; reason: string };

export type ValidRoster = {
  groups: Located<GroupRow>[];
  users: Located<UserRow>[];
  memberships: Located<LinkRow>[];
  classTeachers: Located<LinkRow>[];
};

export type RosterInput = Partial<Record<RosterSection, readonly { line: number; value: unknown }[]>>;

export function rowCount(roster: ValidRoster): number {
  return roster.groups.length + roster.users.length + roster.memberships.length + roster.classTeachers.length;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Validates every row. `today` (YYYY-MM-DD) rejects dates of birth in the future. Duplicates inside one roster
 * (same external id, same username, same link) are errors on the later row.
 */
export function validateRoster(
  input: RosterInput,
  today: string,
): { valid: ValidRoster; errors: RowError[] } {
  const errors: RowError[] = [];
  const valid: ValidRoster = { groups: [], users: [], memberships: [], classTeachers: [] };

  const parse = <T>(section: RosterSection, schema: z.ZodType<T>, check?: (row: T) => string | undefined) => {
    const out: Located<T>[] = [];
    for (const { line, value } of input[section] ?? []) {
      const result = schema.safeParse(value);
      if (!result.success) {
        errors.push({ section, line, reason: describe(result.error) });
        continue;
      }
      const problem = check?.(result.data);
      if (problem) errors.push({ section, line, reason: problem });
      else out.push({ section, line, row: result.data });
    }
    return out;
  };

  const firstLine = new Map<string, number>();
  const unique = (key: string, line: number, what: string) => {
    const seen = firstLine.get(key);
    if (seen !== undefined) return `duplicate ${what} (first at line ${seen})`;
    firstLine.set(key, line);
    return undefined;
  };

  valid.groups = parse("groups", groupRow).filter((g) => {
    const problem = unique(`g:${g.row.externalId}`, g.line, "group externalId");
    if (problem) errors.push({ section: g.section, line: g.line, reason: problem });
    return !problem;
  });
  valid.users = parse("users", userRow, (u) =>
    u.dateOfBirth && u.dateOfBirth > today ? "dateOfBirth: must not be in the future" : undefined,
  ).filter((u) => {
    const problem =
      unique(`u:${u.row.externalId}`, u.line, "user externalId") ??
      unique(`n:${normaliseUsername(u.row.username)}`, u.line, "username");
    if (problem) errors.push({ section: u.section, line: u.line, reason: problem });
    return !problem;
  });
  for (const section of ["memberships", "classTeachers"] as const) {
    valid[section] = parse(section, linkRow).filter((l) => {
      const problem = unique(`${section}:${l.row.groupExternalId}:${l.row.userExternalId}`, l.line, "link");
      if (problem) errors.push({ section, line: l.line, reason: problem });
      return !problem;
    });
  }
  errors.sort(
    (a, b) => rosterSections.indexOf(a.section) - rosterSections.indexOf(b.section) || a.line - b.line,
  );
  return { valid, errors };
}
