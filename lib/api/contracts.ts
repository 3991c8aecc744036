import { z } from "zod";
import { groupTypes } from "../domain/model.js";
import { rosterSections } from "../domain/roster.js";
import type { FunctionName } from "../topology/functions.js";
import { earlyYearsContracts } from "./early-years-contracts.js";
import { emailContracts } from "./email-contracts.js";
import { passwordContracts } from "./password-contracts.js";
import { pinCodeContracts } from "./pin-code-contracts.js";
import { pinContracts } from "./pin-contracts.js";
import { resetContracts } from "./reset-contracts.js";
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
  /** An HTML page of the service: `body` is a urlencoded form, the answer and errors are HTML. */
  page?: boolean;
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

const coreContracts = {
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
    summary: "Change the tenant's name, environment name, sender address or preferences",
    tag: "Tenant",
    auth: "required",
    body: z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      environmentName: z.string().trim().min(1).max(100).optional(),
      senderAddress: z
        .email()
        .max(254)
        .optional()
        .meta({ description: "Sender of the tenant's emails; in AWS a verified SES identity" }),
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
} as const satisfies Partial<Record<FunctionName, Contract>>;

export const contracts = {
  ...coreContracts,
  ...passwordContracts,
  ...pinContracts,
  ...pinCodeContracts,
  ...earlyYearsContracts,
  ...emailContracts,
  ...resetContracts,
} as const;

export type HttpFunctionName = keyof typeof contracts;
