import * as z from "zod";
import * as s from "../api/schemas.js";
import { auditActions } from "../domain/audit.js";
import { emailStatuses } from "../ports/mailer.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
/** A form's empty field is no value. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
/** A real calendar day: `2026-58-88` has the shape but no date (it was a 500, found by the fuzz test). */
const day = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });
const size = z.coerce.number().int().min(1).max(100).default(25);
/** The event lists' filters: a kind, the school's calendar days from and to (inclusive), page size and cursor. */
const eventQuery = z.strictObject({
  kind: optional(z.enum(auditActions)),
  from: optional(day),
  to: optional(day),
  size,
  cursor: s.cursor,
});
const read = ["table:read", "secret:session"] as const;
const write = ["table:read", "table:write", "secret:session"] as const;

/** The console's Audit, emails and API keys screens (`lib/api/console/nav.ts` lists them). */
export const consoleAuditEndpoints = endpoints({
  "console-audit": {
    method: "GET",
    path: "/console/audit",
    summary:
      "Console: the school's audit events, filterable by kind and date (the school's days), with paging",
    tag: "Console",
    auth: "required",
    page: true,
    query: eventQuery,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: audit events", access: read },
  },
  "console-user-history": {
    method: "GET",
    path: "/console/users/{userId}/history",
    summary: "Console: one user's event history, filterable by kind and date, with paging",
    tag: "Console",
    auth: "required",
    page: true,
    params: z.strictObject({ userId: s.id }),
    query: eventQuery,
    responses: html("HTML page, or 303 to sign in; 404 for a user not in this school"),
    lambda: { description: "Console: a user's history", access: read },
  },
  "console-emails": {
    method: "GET",
    path: "/console/emails",
    summary:
      "Console: the school's emails and their delivery status (never their content), by status, with paging",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.strictObject({ status: optional(z.enum(emailStatuses)), size, cursor: s.cursor }),
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: email delivery", access: read },
  },
  "console-api-keys": {
    method: "GET",
    path: "/console/api-keys",
    summary:
      "Console: the school's API keys (never a key) with create and revoke; a signed-in site admin only",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.strictObject({ done: z.enum(["revoked"]).optional() }),
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: API keys", access: read },
  },
  "console-api-keys-create": {
    method: "POST",
    path: "/console/api-keys",
    summary: "Console: create an API key — the key is shown once, in this answer only",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ name: z.string(), password: z.string().max(1024).default("") }),
    responses: html("The API keys page with the new key shown once; or the page with the refusal"),
    lambda: {
      description: "Console: create an API key (the admin's password confirms it)",
      access: [...write, "secret:pepper"],
      ...hashing,
    },
  },
  "console-api-keys-revoke": {
    method: "POST",
    path: "/console/api-keys/revoke",
    summary: "Console: revoke one of the school's API keys (confirmed); it stops working at once",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ keyId: s.id, confirm: z.string().max(8).optional() }),
    responses: html("303 to the API keys page"),
    lambda: { description: "Console: revoke an API key", access: write },
  },
});
