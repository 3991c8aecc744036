import * as z from "zod";
import * as s from "../api/schemas.js";
import { idempotencyKeyField } from "../domain/idempotency.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const read = ["table:read", "secret:session"] as const;
const pageNumber = z.coerce.number().int().min(1).max(10_000).optional();
const pageSize = z.coerce
  .number()
  .int()
  .refine((n) => [10, 25, 50, 100].includes(n), "choose 10, 25, 50 or 100")
  .optional();
const search = z.string().trim().max(100).optional();
/** A group selection in an address: group ids only, comma-separated (never a name or anything secret). */
const groupList = z
  .string()
  .max(100 * 65)
  .regex(/^[A-Za-z0-9_-]*(,[A-Za-z0-9_-]+)*$/, "group ids, separated by commas")
  .optional();
/** The unclaimed list's state, kept through Show/Hide. */
const unclaimedQuery = {
  q: search,
  /** "All groups" sends it empty. */
  group: z.string().max(64).optional(),
  sort: z.enum(["name", "username", "type", "status", "generated"]).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  page: pageNumber,
  size: pageSize,
};
const pickerQuery = z.object({
  q: search,
  page: pageNumber,
  size: pageSize,
  groups: groupList,
  view: z.enum(["selected"]).optional(),
  done: z.string().max(32).optional(),
});
const jobId = z.strictObject({ jobId: s.id });
const userId = z.strictObject({ userId: s.id });

/**
 * The console's Password tools (SIMS ID) screens (`lib/api/console/nav.ts` lists them): unclaimed users with Show
 * and Hide, regeneration over picked groups with its progress and one-time report, reset emails to groups, and one
 * user's reset. Secrets appear only in the answer to a POST, never in an address.
 */
export const consolePasswordToolsEndpoints = endpoints({
  "console-password-tools": {
    method: "GET",
    path: "/console/password-tools",
    summary: "Console: Password tools — the section's screens this person may use",
    tag: "Console",
    auth: "required",
    page: true,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: password tools", access: read },
  },
  "console-unclaimed": {
    method: "GET",
    path: "/console/password-tools/unclaimed",
    summary:
      "Console: unclaimed users (passwords hidden), searched, filtered by group, sorted across all pages",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.object(unclaimedQuery),
    responses: html("HTML page"),
    lambda: { description: "Console: unclaimed users", access: read, timeoutSeconds: 29, memoryMb: 1024 },
  },
  "console-unclaimed-show": {
    method: "POST",
    path: "/console/password-tools/unclaimed/show",
    summary:
      "Console: the unclaimed list again with one user's temporary password shown (own password; audited)",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ userId: s.id, password: z.string().max(1024).optional(), ...unclaimedQuery }),
    responses: html("HTML page with the password in that row"),
    lambda: {
      description: "Console: show one temporary password",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
      timeoutSeconds: 29,
    },
  },
  "console-regenerate": {
    method: "GET",
    path: "/console/password-tools/regenerate",
    summary: "Console: regenerate temporary passwords — the group picker (the selection travels as `groups`)",
    tag: "Console",
    auth: "required",
    page: true,
    query: pickerQuery,
    responses: html("HTML page"),
    lambda: { description: "Console: regeneration group picker", access: read },
  },
  "console-regenerate-confirm": {
    method: "GET",
    path: "/console/password-tools/regenerate/confirm",
    summary:
      "Console: how many passwords the regeneration of the picked groups creates; confirm with your password",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.object({ groups: groupList }),
    responses: html("HTML page"),
    lambda: {
      description: "Console: confirm a regeneration",
      access: read,
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
  },
  "console-regenerate-start": {
    method: "POST",
    path: "/console/password-tools/regenerate",
    summary: "Console: start the regeneration (own password) → 303 to the job's page",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({
      groups: groupList,
      password: z.string().max(1024).optional(),
      idempotencyKey: idempotencyKeyField.optional(),
    }),
    responses: html("303 to /console/jobs/{jobId}; or the confirmation again with the refusal"),
    lambda: {
      description: "Console: start a regeneration",
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
  "console-job": {
    method: "GET",
    path: "/console/jobs/{jobId}",
    summary:
      "Console: a bulk job's page — its progress bar (live with script, Refresh without) and its report",
    tag: "Console",
    auth: "required",
    page: true,
    params: jobId,
    responses: html("HTML page"),
    lambda: { description: "Console: a job", access: read },
  },
  "console-job-progress": {
    method: "GET",
    path: "/console/jobs/{jobId}/progress",
    summary: "Console: a bulk job's progress for the page's script ({ done, total, text, finished })",
    tag: "Console",
    auth: "required",
    page: true,
    params: jobId,
    responses: { 200: { description: "Progress", contentType: "application/json" } },
    lambda: { description: "Console: a job's progress", access: read },
  },
  "console-job-report": {
    method: "POST",
    path: "/console/jobs/{jobId}/report",
    summary:
      "Console: a job's report — one-time slips for A4 printing (temporary passwords, pupil PINs), or who got no reset email",
    tag: "Console",
    auth: "required",
    page: true,
    params: jobId,
    responses: html("HTML page (the slips); already retrieved: a page that offers to regenerate"),
    lambda: {
      description: "Console: a job's report",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
      timeoutSeconds: 29,
      memoryMb: 1024,
    },
  },
  "console-reset-emails": {
    method: "GET",
    path: "/console/password-tools/reset-emails",
    summary: "Console: send reset emails — the group picker, then the confirmation",
    tag: "Console",
    auth: "required",
    page: true,
    query: pickerQuery,
    responses: html("HTML page"),
    lambda: { description: "Console: reset email group picker", access: read },
  },
  "console-reset-emails-start": {
    method: "POST",
    path: "/console/password-tools/reset-emails",
    summary: "Console: email reset links to the picked groups' members → 303 to the job's page",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ groups: groupList, idempotencyKey: idempotencyKeyField.optional() }),
    responses: html("303 to /console/jobs/{jobId}"),
    lambda: {
      description: "Console: start reset emails",
      access: ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    },
  },
  "console-reset-find": {
    method: "GET",
    path: "/console/password-tools/reset",
    summary: "Console: find the user whose password to reset",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.object({ q: search }),
    responses: html("HTML page"),
    lambda: { description: "Console: find a user to reset", access: read },
  },
  "console-user-password": {
    method: "GET",
    path: "/console/users/{userId}/password",
    summary: "Console: reset one user's password — confirm with your own password",
    tag: "Console",
    auth: "required",
    page: true,
    params: userId,
    responses: html("HTML page"),
    lambda: { description: "Console: reset a user's password", access: read },
  },
  "console-user-password-reset": {
    method: "POST",
    path: "/console/users/{userId}/password",
    summary:
      "Console: give the user a new temporary password, shown once in this answer (own password; audited)",
    tag: "Console",
    auth: "required",
    page: true,
    params: userId,
    body: z.object({ password: z.string().max(1024).optional() }),
    responses: html("HTML page with the new password, shown once"),
    lambda: {
      description: "Console: new temporary password for one user",
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
});
