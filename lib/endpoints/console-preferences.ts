import * as z from "zod";
import * as s from "../api/schemas.js";
import { layoutIds } from "../domain/email-layout.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const done = z.strictObject({ done: z.string().max(32).optional() });
const layoutId = z.strictObject({ layoutId: z.enum(layoutIds) });
const userId = z.strictObject({ userId: s.id });
/** The layout editor's form (checked by the save use case, so a refusal shows the form again with the reasons). */
const layoutForm = z.object({
  subject: z.string().max(1000),
  html: z.string().max(60_000),
  text: z.string().max(30_000),
  expectedVersion: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
/** A layout at its largest (50,000 + 20,000 characters), urlencoded: up to 3 bytes a character, and some. */
const layoutFormBytes = 256 * 1024;
const read = ["table:read", "secret:session"] as const;
const write = ["table:read", "table:write", "secret:session"] as const;
const publish = ["table:read", "table:write", "secret:session", "ses:templates"] as const;

/**
 * The console's Preferences and layouts (IndySoft) screens (`lib/api/console/nav.ts` lists them): the school's
 * preferences, its email layouts with an editor and a live preview, and a user's PIN code. On the same use cases as
 * `/v1/tenant`, `/v1/email-layouts` and `/v1/users/{userId}/pin-code`; every POST carries the form token `csrf`
 * and answers with a 303 back to its page (or the form again with the reasons).
 */
export const consolePreferencesEndpoints = endpoints({
  "console-preferences": {
    method: "GET",
    path: "/console/preferences",
    summary:
      "Console: the school's preferences (a form for site admins, read-only for who may only read them)",
    tag: "Console",
    auth: "required",
    page: true,
    query: done,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: preferences", access: read },
  },
  "console-preferences-form": {
    method: "POST",
    path: "/console/preferences",
    summary:
      "Console: save the login options, password reset by email, environment name, sender, time zone, step-up actions and two-factor roles",
    tag: "Console",
    auth: "required",
    page: true,
    // Every field as typed: checked by the handler with the API's own schema, so a refusal keeps what was typed.
    body: z.record(z.string().max(64), z.string().max(4000)),
    responses: html("303 to the preferences with a message; or the form again with the reasons (422)"),
    lambda: { description: "Console: save preferences", access: write },
  },
  "console-layouts": {
    method: "GET",
    path: "/console/layouts",
    summary: "Console: the email layouts with their state (default, customised, not imported) and the import",
    tag: "Console",
    auth: "required",
    page: true,
    query: done,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: email layouts", access: read },
  },
  "console-layouts-import": {
    method: "POST",
    path: "/console/layouts/import",
    summary: "Console: import the default layouts as the school's own (the environment name must be set)",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ replace: z.literal("yes").optional() }),
    responses: html("303 to the layouts with a message; 409 page without an environment name"),
    lambda: { description: "Console: import the default email layouts", access: publish },
  },
  "console-layout": {
    method: "GET",
    path: "/console/layouts/{layoutId}",
    summary: "Console: the editor of one layout, its merge items and a preview of the email",
    tag: "Console",
    auth: "required",
    page: true,
    params: layoutId,
    query: done,
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: email layout editor", access: read },
  },
  "console-layout-form": {
    method: "POST",
    path: "/console/layouts/{layoutId}",
    summary: "Console: save a layout (published as the school's SES template)",
    tag: "Console",
    auth: "required",
    page: true,
    params: layoutId,
    body: layoutForm,
    maxFormBytes: layoutFormBytes,
    responses: html("303 to the editor with a message; or the editor again with the reasons by field (422)"),
    lambda: { description: "Console: save an email layout", access: publish },
  },
  "console-layout-preview": {
    method: "POST",
    path: "/console/layouts/{layoutId}/preview",
    summary:
      "Console: the email a draft layout renders to, with sample values (for the editor's preview frame)",
    tag: "Console",
    auth: "required",
    page: true,
    params: layoutId,
    body: layoutForm,
    maxFormBytes: layoutFormBytes,
    responses: html("A sandboxed preview document (the reasons when the draft is not valid)"),
    lambda: { description: "Console: preview a draft email layout", access: read },
  },
  "console-layout-current": {
    method: "GET",
    path: "/console/layouts/{layoutId}/preview",
    summary:
      "Console: the email the saved layout renders to, with sample values (the preview frame's first view)",
    tag: "Console",
    auth: "required",
    page: true,
    params: layoutId,
    responses: html("A sandboxed preview document"),
    lambda: { description: "Console: preview the saved email layout", access: read },
  },
  "console-pin-code": {
    method: "GET",
    path: "/console/users/{userId}/pin-code",
    summary: "Console: a user's PIN code state (never the code) with assign and email, and revoke",
    tag: "Console",
    auth: "required",
    page: true,
    params: userId,
    query: done,
    responses: html("HTML page; 404 for a user of another school"),
    lambda: { description: "Console: a user's PIN code", access: read },
  },
  "console-pin-code-assign": {
    method: "POST",
    path: "/console/users/{userId}/pin-code",
    summary:
      "Console: assign (or regenerate) a user's PIN code and email it to them or a colleague, confirmed with your password",
    tag: "Console",
    auth: "required",
    page: true,
    params: userId,
    body: z.object({
      recipient: z.enum(["user", "other"]).default("user"),
      to: z.string().max(254).optional(),
      password: z.string().max(1024).optional(),
    }),
    responses: html("303 to the PIN code page with a message; or the page again with the reason"),
    lambda: {
      description: "Console: assign and email a user's PIN code",
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
  "console-pin-code-revoke": {
    method: "POST",
    path: "/console/users/{userId}/pin-code/revoke",
    summary: "Console: revoke a user's PIN code (it stops working at once)",
    tag: "Console",
    auth: "required",
    page: true,
    params: userId,
    responses: html("303 to the PIN code page with a message"),
    lambda: { description: "Console: revoke a user's PIN code", access: write },
  },
});
