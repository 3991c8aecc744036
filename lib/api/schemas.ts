import * as z from "zod";
import { auditActions } from "../domain/audit.js";
import { groupTypes, roles, userStatuses, userTypes } from "../domain/model.js";
import { passwordPolicy } from "../domain/password-policy.js";

/** Shapes shared by several operations: request fragments and response views. */
export const id = z.string().min(1).max(64).meta({ description: "Opaque identifier" });
export const cursor = z
  .string()
  .max(2048)
  .optional()
  .meta({ description: "Opaque cursor from the previous page" });
export const limit = z.coerce.number().int().min(1).max(200).default(50);
export const search = z.string().trim().min(1).max(100).optional().meta({
  description:
    "Matches names (and usernames). A search reads at most 1,000 items per request: a page may hold fewer matches than the limit, even none, with a cursor to continue",
});

/** The filters of an event list (`AuditFilter`): one kind, and a window of ISO instants (`from` ≤ at < `to`). */
export const auditFilter = {
  kind: z.enum(auditActions).optional().meta({ description: "Only events of this action" }),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "Only events at or after this instant (ISO 8601)" }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "Only events before this instant (ISO 8601)" }),
};

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

/** What the signed-in session may use now: whether it gave a second factor, and the roles withheld until it does. */
export const sessionAccess = z
  .object({
    secondFactor: z.boolean(),
    withheldRoles: z.array(z.enum(roles)).meta({
      description: "Roles this session may not use until you sign in with a code (basic access)",
    }),
  })
  .meta({ id: "SessionAccess" });

export const user = z
  .object({
    userId: id,
    externalId: z.string().optional(),
    username: z.string(),
    forename: z.string(),
    surname: z.string(),
    email: z.string().optional(),
    emailVerified: z.boolean(),
    dateOfBirth: z
      .string()
      .optional()
      .meta({ description: "The full date: for site admins, API keys and the user themselves only" }),
    dayOfBirth: z
      .string()
      .optional()
      .meta({ description: 'The day of the month only ("14"), for everyone else who may read users' }),
    userType: z.enum(userTypes),
    roles: z.array(z.enum(roles)),
    permissions: z.array(z.string()),
    profiles: z.array(z.string()),
    companyExceptions: z.array(z.string()),
    status: z.enum(userStatuses),
    pinCode: z
      .object({ active: z.literal(true), assignedAt: z.string(), assignedBy: z.string() })
      .optional()
      .meta({ description: "Present while the user holds a PIN code (a PIN-code user); never the code" }),
    claimedAt: z
      .string()
      .optional()
      .meta({ description: "When the user set a password of their own; absent while unclaimed" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "User" });

export const group = z
  .object({
    groupId: id,
    externalId: z.string().optional(),
    name: z.string(),
    type: z.enum(groupTypes),
    yearGroup: z.string().optional(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Group" });

const rowError = z.object({
  section: z.string().optional(),
  line: z.number().int().optional(),
  reason: z.string(),
});

export const job = z
  .object({
    jobId: id,
    type: z.string(),
    status: z.enum(["queued", "running", "completed", "completed_with_failures", "failed"]),
    total: z.number().int(),
    processed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int().optional().meta({
      description: "Of the processed, left alone on purpose (users who set their own password meanwhile)",
    }),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    errors: z.array(rowError),
    groups: z
      .array(z.object({ groupId: id, name: z.string() }))
      .optional()
      .meta({ description: "A regeneration's selected groups, in the order chosen" }),
    report: z
      .object({
        status: z.enum(["pending", "available", "retrieved"]),
        retrievedAt: z.string().optional(),
        retrievedBy: z.string().optional(),
      })
      .optional()
      .meta({
        description:
          "A regeneration's one-time report or a pupil-PIN job's one-time slips: available once the job has finished",
      }),
    pins: z
      .object({ mode: z.enum(["defaults", "random"]), pinLength: z.number().int(), birthday: z.boolean() })
      .optional()
      .meta({
        description: "A pupil-PIN job: defaults for pupils without a PIN, or random PINs for a class",
      }),
  })
  .meta({ id: "Job", description: "A bulk job; poll it for a progress bar" });

export const temporaryPasswordState = z
  .object({
    status: z.enum(["none", "active", "expired"]),
    generatedAt: z.string().optional(),
    expiresAt: z.string().optional(),
    jobId: id.optional(),
  })
  .meta({
    id: "TemporaryPasswordState",
    description: "Whether a temporary password is active; never the password",
  });

export const unclaimedUser = z
  .object({
    userId: id,
    username: z.string(),
    forename: z.string(),
    surname: z.string(),
    userType: z.enum(userTypes),
    temporaryPassword: temporaryPasswordState,
  })
  .meta({ id: "UnclaimedUser" });

export const revealedPassword = z
  .object({
    userId: id,
    username: z.string(),
    password: z.string(),
    generatedAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({
    id: "TemporaryPassword",
    description: "A temporary password in plain text (shown to a site admin once)",
  });

export const auditEvent = z
  .object({
    eventId: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.enum(auditActions),
    userId: id.optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  })
  .meta({ id: "AuditEvent" });

export const passwordPolicies = z
  .record(z.enum(userTypes), passwordPolicy)
  .meta({ id: "PasswordPolicies", description: "Temporary password policy per user type" });

export const session = z.object({
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresAt: z.string(),
  user: user,
});

export const stepUpAction = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, "lower-case letters, digits and underscores, starting with a letter")
  .meta({ description: "A step-up action name, e.g. delete_student" });

export const tenantPreferences = z.strictObject({
  pinCodeLogin: z.enum(["off", "all_clients", "web_only"]),
  allowPasswordResetByEmail: z.boolean(),
  stepUpActions: z
    .array(stepUpAction)
    .max(50)
    .refine((a) => a.includes("sign_in"), "must include sign_in")
    .meta({ description: "Actions confirmed with the SSO PIN" }),
  twoFactorRoles: z.array(z.enum(roles)).max(roles.length).meta({
    description:
      "Roles usable only by a session signed in with two factors (default: site-admin, headteacher, nominated-contact); set by a signed-in site admin, never an API key",
  }),
});

export const tenant = z
  .object({
    tenantId: id,
    name: z.string(),
    environmentName: z.string().optional(),
    senderAddress: z.string().optional(),
    timeZone: z.string(),
    preferences: tenantPreferences,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Tenant" });

export const rosterResult = z
  .object({
    total: z.number().int(),
    processed: z.number().int(),
    failed: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    removed: z
      .number()
      .int()
      .optional()
      .meta({ description: "Links removed because a snapshot (mode=snapshot) did not name them" }),
    errors: z.array(rowError),
  })
  .meta({ id: "RosterResult" });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().meta({
      description: "Present while there may be more: pass it back to continue (a short page is not the end)",
    }),
  });
