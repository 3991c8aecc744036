import * as z from "zod";
import * as s from "../api/schemas.js";
import { passwordPolicies } from "../domain/password-policy.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const groupSelection = z.array(s.id).min(1).max(100);
/** The signed-in admin's own password, confirming a reset or reveal (re-authentication). */
const confirmation = z.strictObject({
  password: z.string().min(1).max(1024).meta({ description: "Your own password, to confirm" }),
});

/** Temporary passwords: their policies, the unclaimed users, one reveal or reset, and bulk regeneration. */
export const temporaryPasswordEndpoints = endpoints({
  "get-password-policies": {
    method: "GET",
    path: "/v1/password-policies",
    summary: "Temporary password policies per user type (defaults for types not set)",
    tag: "Temporary passwords",
    auth: "required",
    responses: { 200: { description: "Policies", schema: s.passwordPolicies } },
    lambda: { description: "Temporary password policies", access: ["table:read", "secret:session"] },
  },
  "update-password-policies": {
    method: "PUT",
    path: "/v1/password-policies",
    summary: "Set the temporary password policy of one or more user types",
    tag: "Temporary passwords",
    auth: "required",
    body: passwordPolicies,
    responses: { 200: { description: "Policies now in force", schema: s.passwordPolicies } },
    lambda: {
      description: "Set temporary password policies",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "list-unclaimed-users": {
    method: "GET",
    path: "/v1/unclaimed-users",
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
    lambda: {
      description: "Users who have not set their own password",
      access: ["table:read", "secret:session"],
    },
  },
  "reset-temporary-password": {
    method: "POST",
    path: "/v1/users/{userId}/temporary-password",
    summary:
      "Give one user a new temporary password (signed-in site admins, confirming with their own password; voids the older one, ends the user's sessions, tells them by email; audited)",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: confirmation,
    responses: {
      201: {
        description:
          "The new password, shown once. A wrong own password is 401, a user with more privilege than yours 403",
        schema: s.revealedPassword,
      },
    },
    lambda: {
      description: "Reset one user's temporary password",
      access: [
        "table:read",
        "table:write",
        "secret:pepper",
        "secret:session",
        "queue:email:send",
        "kms:data-key",
      ],
      ...hashing,
    },
  },
  "reveal-temporary-password": {
    method: "POST",
    path: "/v1/users/{userId}/temporary-password/reveal",
    summary:
      "Show one unclaimed user's temporary password (signed-in site admins, confirming with their own password; audited)",
    tag: "Temporary passwords",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: confirmation,
    responses: {
      200: {
        description: "The password. A wrong own password is 401, a user with more privilege than yours 403",
        schema: s.revealedPassword,
      },
    },
    lambda: {
      description: "Show one temporary password",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
    },
  },
  "preview-regeneration": {
    method: "POST",
    path: "/v1/password-regenerations/preview",
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
    lambda: {
      description: "Count a regeneration's users",
      access: ["table:read", "secret:session"],
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
  },
  "start-regeneration": {
    method: "POST",
    path: "/v1/password-regenerations",
    summary:
      "Regenerate temporary passwords for the unclaimed members of groups (confirm with your password)",
    tag: "Temporary passwords",
    auth: "required",
    idempotent: true,
    body: z.strictObject({ groupIds: groupSelection, password: z.string().min(1).max(1024) }),
    responses: { 202: { description: "Queued; poll the job, then retrieve its report once", schema: s.job } },
    lambda: {
      description: "Start a bulk temporary password regeneration",
      access: [
        "table:read",
        "table:write",
        "secret:pepper",
        "secret:session",
        "queue:fanout:send",
        "kms:data-key",
      ],
      ...hashing,
      timeoutSeconds: 29,
    },
  },
});
