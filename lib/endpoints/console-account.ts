import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const password = z.string().min(1).max(1024);

/**
 * The console's Account settings (CPOMS) screens (`lib/api/console/nav.ts` lists them): change password and your
 * schools, for every signed-in person (basic access suffices), on the same use cases as `/v1/me/…`. Every POST
 * carries the session's form token `csrf`.
 */
export const consoleAccountEndpoints = endpoints({
  "console-account-password": {
    method: "GET",
    path: "/account/password",
    summary: "Console: change your password — the form and the password rules",
    tag: "Console",
    auth: "required",
    page: true,
    responses: html("HTML form, or 303 to sign in"),
    lambda: { description: "Console: change password", access: ["table:read", "secret:session"] },
  },
  "console-account-password-form": {
    method: "POST",
    path: "/account/password",
    summary:
      "Console: change your password (current, new, confirm) — a Latchkey ID session changes the Latchkey ID's and is signed out everywhere",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ currentPassword: password, newPassword: password, confirmPassword: password }),
    responses: html("303 to your account (or to sign in again, Latchkey ID); or the form with the refusal"),
    lambda: {
      description: "Console: change password submission",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
  "console-account-schools": {
    method: "GET",
    path: "/account/schools",
    summary:
      "Console: your schools — a Latchkey ID's schools (switch, leave) or a plain account's one school",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.strictObject({ done: z.enum(["left"]).optional() }),
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: your schools", access: ["table:read", "secret:session"] },
  },
  "console-account-leave-school": {
    method: "POST",
    path: "/account/schools/leave",
    summary:
      "Console: leave one of your Latchkey ID's schools (confirmed; its administrator must allow it again); your sessions there end",
    tag: "Console",
    auth: "required",
    page: true,
    body: z.object({ tenantId: s.id, confirm: z.string().max(8).optional() }),
    responses: html("303 to your schools (or to sign in, when it was this session's school)"),
    lambda: {
      description: "Console: leave a school",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "console-user-security": {
    method: "GET",
    path: "/console/users/{userId}/security",
    summary:
      "Console: a user's sign-in security — whether the school allows their Latchkey ID, their authenticator apps — with the rules",
    tag: "Console",
    auth: "required",
    page: true,
    params: z.strictObject({ userId: s.id }),
    query: z.strictObject({ done: z.enum(["allowed", "withdrawn", "reset"]).optional() }),
    responses: html("HTML page, or 303 to sign in; 404 for a user not in this school"),
    lambda: { description: "Console: a user's security", access: ["table:read", "secret:session"] },
  },
  "console-user-latchkey-id": {
    method: "POST",
    path: "/console/users/{userId}/security/latchkey-id",
    summary: "Console: allow or withdraw a user's Latchkey ID (a signed-in site admin; audited)",
    tag: "Console",
    auth: "required",
    page: true,
    params: z.strictObject({ userId: s.id }),
    body: z.object({ consent: z.enum(["allow", "withdraw"]) }),
    responses: html("303 to the user's security page"),
    lambda: {
      description: "Console: allow or withdraw a Latchkey ID",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "console-user-authenticators-reset": {
    method: "POST",
    path: "/console/users/{userId}/security/reset",
    summary:
      "Console: reset a user's lost authenticators (a signed-in site admin with their own password; the user is emailed)",
    tag: "Console",
    auth: "required",
    page: true,
    params: z.strictObject({ userId: s.id }),
    body: z.object({ password }),
    responses: html("303 to the user's security page; or the page with the refusal"),
    lambda: {
      description: "Console: reset a user's authenticators",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
});
