import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const token = z.string().min(1).max(512).meta({ description: "The token from the reset link" });
const newPassword = z.string().min(1).max(1024);
const provider = z
  .enum(["school", "latchkey-id"])
  .default("school")
  .meta({ description: "Whose password: a school account (username or email) or a Latchkey ID (its email)" });

/**
 * Password reset by email (issue #5, CPOMS / IndySoft / SIMS): the API, the hosted pages, and reset emails to
 * whole groups. A request seals the link into its email; completing hashes the new password.
 */
export const passwordResetEndpoints = endpoints({
  "request-password-reset": {
    method: "POST",
    path: "/v1/password-resets",
    summary: "Forgot password: email a reset link (the answer is the same whether or not an account matches)",
    tag: "Password reset",
    auth: "none",
    body: z.strictObject({
      tenantId: s.id,
      login: z.string().trim().min(1).max(254).meta({ description: "Username, or the account's email" }),
      provider,
    }),
    responses: {
      202: {
        description:
          "Always the same, whether or not an account matches; 10 requests from this address in 15 minutes, or 200 at this school from an address that asked too: 429 with Retry-After (counted whatever the login)",
        schema: z.object({ message: z.string() }).meta({ id: "ResetRequested" }),
      },
    },
    lambda: {
      description: "Forgot password: email a reset link",
      access: ["table:read", "table:write", "queue:email:send", "kms:data-key"],
    },
  },
  "complete-password-reset": {
    method: "POST",
    path: "/v1/password-resets/complete",
    summary: "Set a new password with a reset link's token (single use; ends every session of the user)",
    tag: "Password reset",
    auth: "none",
    body: z.strictObject({ token, newPassword }),
    responses: {
      200: {
        description: "Password changed; sign in with it",
        schema: z.object({ status: z.literal("password-changed"), username: z.string() }),
      },
    },
    lambda: {
      description: "Set a new password with a reset link",
      access: ["table:read", "table:write", "secret:pepper", "queue:email:send"],
      ...hashing,
    },
  },
  "start-reset-emails": {
    method: "POST",
    path: "/v1/password-reset-emails",
    summary: "Email password reset links to the members of groups who have a verified email (a bulk job)",
    tag: "Password reset",
    auth: "required",
    idempotent: true,
    body: z.strictObject({ groupIds: z.array(s.id).min(1).max(50) }),
    responses: {
      202: { description: "The job; its report lists members without a verified email", schema: s.job },
    },
    lambda: {
      description: "Email reset links to groups (bulk job)",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "forgot-password-page": {
    method: "GET",
    path: "/forgot-password",
    summary: "Page: ask for a reset link",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ tenant: s.id, provider: z.enum(["school", "latchkey-id"]).optional() }),
    responses: {
      200: {
        description:
          "HTML form with the provider choice (school account or Latchkey ID) and the school's name",
        contentType: "text/html",
      },
    },
    lambda: { description: "Page: ask for a reset link", access: ["table:read", "secret:session"] },
  },
  "forgot-password-form": {
    method: "POST",
    path: "/forgot-password",
    summary: "Page: the forgot-password form's submission",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({ tenant: s.id, login: z.string().trim().min(1).max(254), provider }),
    responses: {
      200: { description: "HTML confirmation (the same whatever the login)", contentType: "text/html" },
    },
    lambda: {
      description: "Page: forgot-password form submission",
      access: ["table:read", "table:write", "queue:email:send", "kms:data-key", "secret:session"],
    },
  },
  "reset-password-page": {
    method: "GET",
    path: "/reset-password",
    summary: "Page: choose a new password (the link in the reset email)",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ token }),
    responses: {
      200: {
        description: "HTML form, or a page saying the link expired or was used",
        contentType: "text/html",
      },
    },
    lambda: { description: "Page: choose a new password", access: ["table:read"] },
  },
  "reset-password-form": {
    method: "POST",
    path: "/reset-password",
    summary: "Page: the reset form's submission",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({ token, newPassword, confirmPassword: newPassword }),
    responses: { 200: { description: "HTML result", contentType: "text/html" } },
    lambda: {
      description: "Page: reset form submission",
      access: ["table:read", "table:write", "secret:pepper", "queue:email:send"],
      ...hashing,
    },
  },
});
