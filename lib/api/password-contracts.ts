import { z } from "zod";
import { passwordPolicies } from "../domain/password-policy.js";
import type { FunctionName } from "../topology/functions.js";
import type { Contract } from "./contracts.js";
import * as s from "./schemas.js";

const groupSelection = z.array(s.id).min(1).max(100);

/** Temporary passwords, bulk regeneration and its one-time report, and audit histories (issue #3). */
export const passwordContracts = {
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
      "A job's report as JSON, CSV or print-ready HTML: a regeneration's temporary passwords or a pupil-PIN job's PINs (one-time: the first retrieval consumes it), or a reset-email job's members who got no email",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ jobId: s.id }),
    query: z.strictObject({ format: z.enum(["json", "csv", "html"]).default("json") }),
    responses: {
      200: {
        description: "The report (later retrievals: 410 Gone)",
        schema: z.object({
          kind: z.enum(["temporary-passwords", "pupil-pins"]),
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
              pin: z.string().optional(),
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
} as const satisfies Partial<Record<FunctionName, Contract>>;
