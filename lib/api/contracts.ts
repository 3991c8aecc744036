import { z } from "zod";
import { groupTypes } from "../domain/model.js";
import { passwordPolicies } from "../domain/password-policy.js";
import { rosterSections } from "../domain/roster.js";
import type { FunctionName } from "../topology/functions.js";
import * as s from "./schemas.js";

/**
 * The HTTP contract of every function behind a route: zod schemas validate requests at the edge and generate
 * `/v1/openapi.json`. Method and path come from the topology's routes.
 */
export type Contract = {
  summary: string;
  tag: string;
  /** `none`: public. `required`: an API key (`X-Api-Key`) or a session (`Authorization: Bearer`). */
  auth: "none" | "required";
  body?: z.ZodType;
  /** Also accept `text/csv` bodies (parsed by the handler). */
  csv?: boolean;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Partial<
    Record<200 | 201 | 202 | 204, { description: string; schema?: z.ZodType; contentType?: string }>
  >;
};

const rosterRows = z.array(z.unknown()).max(20_000).optional();

const newPasswordChallenge = z
  .object({
    challenge: z.literal("NEW_PASSWORD_REQUIRED"),
    challengeToken: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "NewPasswordChallenge" });

const groupSelection = z.array(s.id).min(1).max(100);

const ssoPinOutcome = z
  .object({
    outcome: z.enum(["ok", "setup_required", "invalid", "locked"]),
    stepUpToken: z.string().optional(),
    action: z.string().optional(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "SsoPinOutcome" });

export const contracts = {
  health: {
    summary: "Liveness check",
    tag: "Service",
    auth: "none",
    responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } },
  },
  openapi: {
    summary: "This API description (OpenAPI 3.1)",
    tag: "Service",
    auth: "none",
    responses: { 200: { description: "OpenAPI document", schema: z.record(z.string(), z.unknown()) } },
  },
  "create-session": {
    summary: "Sign in with username and password",
    tag: "Sessions",
    auth: "none",
    body: z.strictObject({
      tenantId: z.string().min(1).max(64),
      username: z.string().min(1).max(128),
      password: z.string().min(1).max(1024),
    }),
    responses: {
      200: {
        description:
          "Signed in with a temporary password: set your own with the challenge token (POST /v1/sessions/new-password)",
        schema: newPasswordChallenge,
      },
      201: {
        description: "Signed in. Any failure is the same 401, whatever the reason.",
        schema: s.session,
      },
    },
  },
  "complete-new-password": {
    summary: "Set your own password after signing in with a temporary one, and get a session",
    tag: "Sessions",
    auth: "none",
    body: z.strictObject({
      challengeToken: z.string().min(1).max(4096),
      newPassword: z.string().min(1).max(1024),
    }),
    responses: { 201: { description: "Password set; signed in", schema: s.session } },
  },
  "get-me": {
    summary: "The signed-in user",
    tag: "Sessions",
    auth: "required",
    responses: { 200: { description: "The user", schema: s.user } },
  },
  "change-password": {
    summary: "Change the signed-in user's password",
    tag: "Sessions",
    auth: "required",
    body: z.strictObject({
      currentPassword: z.string().min(1).max(1024),
      newPassword: z.string().min(1).max(1024),
    }),
    responses: { 204: { description: "Changed; a notice is emailed when the user has an email" } },
  },
  "get-tenant": {
    summary: "The caller's tenant",
    tag: "Tenant",
    auth: "required",
    responses: { 200: { description: "Tenant", schema: s.tenant } },
  },
  "update-tenant": {
    summary: "Change the tenant's name, environment name or preferences",
    tag: "Tenant",
    auth: "required",
    body: z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      environmentName: z.string().trim().min(1).max(100).optional(),
      preferences: s.tenantPreferences.partial().optional(),
    }),
    responses: { 200: { description: "Tenant", schema: s.tenant } },
  },
  "import-roster": {
    summary: "Import users, groups, memberships and class-teacher links (idempotent upserts by external id)",
    tag: "Roster",
    auth: "required",
    csv: true,
    query: z.strictObject({
      section: z.enum(rosterSections).optional().meta({ description: "Required for text/csv bodies" }),
    }),
    body: z.strictObject(Object.fromEntries(rosterSections.map((k) => [k, rosterRows]))),
    responses: {
      200: { description: "Applied now (fewer than 1,000 rows)", schema: s.rosterResult },
      202: { description: "Queued as a bulk job (1,000 rows or more)", schema: s.job },
    },
  },
  "get-job": {
    summary: "A bulk job's progress",
    tag: "Jobs",
    auth: "required",
    params: z.strictObject({ jobId: s.id }),
    responses: { 200: { description: "Job", schema: s.job } },
  },
  "list-groups": {
    summary: "Group picker: search and page through groups",
    tag: "Directory",
    auth: "required",
    query: z.strictObject({
      search: s.search,
      type: z.enum(groupTypes).optional(),
      limit: s.limit,
      cursor: s.cursor,
    }),
    responses: { 200: { description: "A page of groups", schema: s.page(s.group) } },
  },
  "list-group-members": {
    summary: "Members of a group",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ groupId: s.id }),
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: {
      200: { description: "A page of members", schema: s.page(s.user).extend({ group: s.group }) },
    },
  },
  "list-users": {
    summary: "Users of the tenant, by surname; search matches names and usernames",
    tag: "Directory",
    auth: "required",
    query: z.strictObject({ search: s.search, limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of users", schema: s.page(s.user) } },
  },
  "get-user": {
    summary: "One user with their groups and the classes they teach",
    tag: "Directory",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      200: {
        description: "User",
        schema: s.user.extend({ memberOf: z.array(s.id), teaches: z.array(s.id) }),
      },
    },
  },
  "get-password-policies": {
    summary: "Temporary password policies per user type (defaults for types not set)",
    tag: "Temporary passwords",
    auth: "required",
    responses: { 200: { description: "Policies", schema: s.passwordPolicies } },
  },
  "update-password-policies": {
    summary: "Set the temporary password policy of one or more user types",
    tag: "Temporary passwords",
    auth: "required",
    body: passwordPolicies,
    responses: { 200: { description: "Policies now in force", schema: s.passwordPolicies } },
  },
  "list-unclaimed-users": {
    summary: "Users who have not set their own password; passwords hidden",
    tag: "Temporary passwords",
    auth: "required",
    query: z.strictObject({
      search: s.search,
      groupId: s.id.optional(),
      sort: z.enum(["surname", "-surname"]).default("surname"),
      limit: s.limit,
      cursor: s.cursor,
    }),
    responses: { 200: { description: "A page of unclaimed users", schema: s.page(s.unclaimedUser) } },
  },
  "reveal-temporary-password": {
    summary: "Show one unclaimed user's temporary password (site admins; audited)",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 200: { description: "The password", schema: s.revealedPassword } },
  },
  "reset-temporary-password": {
    summary: "Give one user a new temporary password (voids the older one; audited)",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 201: { description: "The new password, shown once", schema: s.revealedPassword } },
  },
  "preview-regeneration": {
    summary: "How many temporary passwords a regeneration over these groups would create",
    tag: "Temporary passwords",
    auth: "required",
    body: z.strictObject({ groupIds: groupSelection }),
    responses: {
      200: {
        description: "Unclaimed users selected, in all and per group",
        schema: z.object({
          users: z.number().int(),
          groups: z.array(
            z.object({
              groupId: s.id,
              name: z.string(),
              members: z.number().int(),
              selectedUnclaimed: z.number().int(),
            }),
          ),
        }),
      },
    },
  },
  "start-regeneration": {
    summary:
      "Regenerate temporary passwords for the unclaimed members of groups (confirm with your password)",
    tag: "Temporary passwords",
    auth: "required",
    body: z.strictObject({ groupIds: groupSelection, password: z.string().min(1).max(1024) }),
    responses: { 202: { description: "Queued; poll the job, then retrieve its report once", schema: s.job } },
  },
  "get-job-report": {
    summary:
      "A regeneration's one-time report: JSON, CSV or print-ready HTML slips. The first retrieval consumes it",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ jobId: s.id }),
    query: z.strictObject({ format: z.enum(["json", "csv", "html"]).default("json") }),
    responses: {
      200: {
        description: "The report (later retrievals: 410 Gone)",
        schema: z.object({
          jobId: s.id,
          generatedAt: z.string(),
          groups: z.array(z.string()),
          retrievedAt: z.string(),
          rows: z.array(
            z.object({
              generatedAt: z.string(),
              forename: z.string(),
              surname: z.string(),
              username: z.string(),
              group: z.string(),
              dayOfBirth: z.string().optional(),
              password: z.string().optional(),
              void: z.string().optional(),
            }),
          ),
        }),
      },
    },
  },
  "list-user-events": {
    summary: "A user's event history, newest first",
    tag: "Audit",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of events", schema: s.page(s.auditEvent) } },
  },
  "list-audit-events": {
    summary: "The tenant's audit events, newest first",
    tag: "Audit",
    auth: "required",
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of events", schema: s.page(s.auditEvent) } },
  },
  "reset-sso-pin": {
    summary: "Reset a user's SSO PIN: the old one stops working; they set a new one at their next SSO login",
    tag: "SSO PINs",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      200: {
        description: "Reset pending",
        schema: z.object({ userId: s.id, state: z.literal("reset_pending") }),
      },
    },
  },
  "verify-sso-pin": {
    summary: "Check an SSO user's PIN for sign-in or a sensitive action (the tenant's application, API key)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      action: s.stepUpAction,
    }),
    responses: { 200: { description: "The outcome, machine-readable", schema: ssoPinOutcome } },
  },
  "setup-sso-pin": {
    summary: "Create and confirm a new 6-digit SSO PIN when setup is required",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      confirmPin: z.string().min(1).max(32),
    }),
    responses: { 200: { description: "Saved; a sign_in step-up token", schema: ssoPinOutcome } },
  },
  "introspect-step-up": {
    summary: "Is a step-up token valid for this tenant and action? (RFC 7662 style)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({ token: z.string().min(1).max(4096), action: s.stepUpAction }),
    responses: {
      200: {
        description: "active: false for an invalid, expired, other-tenant or other-action token",
        schema: z.object({ active: z.boolean(), userId: s.id.optional(), action: z.string().optional() }),
      },
    },
  },
} as const satisfies Partial<Record<FunctionName, Contract>>;

export type HttpFunctionName = keyof typeof contracts;
