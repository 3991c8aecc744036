import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const newPassword = z.string().min(1).max(1024);
const provider = z.enum(["school", "latchkey-id"]);
const signInAccess = ["table:read", "table:write", "secret:pepper", "secret:session"] as const;

/**
 * The hosted sign-in pages of the sessions capability (page sessions: `functions/middleware/session-page-function.ts`).
 * Every POST carries the form token `csrf` (taken off before the body is validated) and must come from this site.
 */
export const sessionPageEndpoints = endpoints({
  "sign-in-page": {
    method: "GET",
    path: "/sign-in",
    summary: "Page: sign in to a school (the link in PASSWORD_EMAIL_NEW)",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ tenant: s.id.optional(), provider: provider.optional() }),
    responses: html(
      "HTML sign-in form: the school account's, or the Latchkey ID's (`provider`, remembered in a cookie)",
    ),
    lambda: { description: "Page: sign in", access: ["table:read", "secret:session"] },
  },
  "sign-in-form": {
    method: "POST",
    path: "/sign-in",
    summary:
      "Page: the sign-in form's submission (the API's sign-in, its limits and its one failure message)",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({
      tenant: s.id,
      username: z.string().trim().min(1).max(128),
      password: z.string().min(1).max(1024),
    }),
    responses: html(
      "303 to the account page (session cookie set) or to the new-password step; or the form again",
    ),
    lambda: {
      description: "Page: sign-in form submission",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
    },
  },
  "identity-sign-in-form": {
    method: "POST",
    path: "/sign-in/latchkey-id",
    summary:
      "Page: sign in at a school with a Latchkey ID (the API's Latchkey ID sign-in and its limits); without a school, at the first of the person's schools",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({
      tenant: s.id.optional(),
      email: z.string().trim().min(1).max(254),
      password: z.string().min(1).max(1024),
    }),
    responses: html("303 to the account page (session cookie set) or to the code step; or the form again"),
    lambda: { description: "Page: Latchkey ID sign-in form submission", access: signInAccess, ...hashing },
  },
  "code-page": {
    method: "GET",
    path: "/sign-in/code",
    summary: "Page: the sign-in's second step, a code from the authenticator app or a recovery code",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ tenant: s.id.optional() }),
    responses: html("HTML form (the challenge is in an HttpOnly cookie), or 303 to sign in"),
    lambda: { description: "Page: the code step", access: ["table:read", "secret:session"] },
  },
  "code-form": {
    method: "POST",
    path: "/sign-in/code",
    summary: "Page: the code step's submission (a code is accepted once; its own lockout)",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({
      tenant: s.id.optional(),
      code: z.string().trim().max(16).optional(),
      recoveryCode: z.string().trim().max(64).optional(),
    }),
    responses: html("303 to the account page, signed in; or the form again"),
    lambda: {
      description: "Page: code step submission",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
    },
  },
  "new-password-page": {
    method: "GET",
    path: "/sign-in/new-password",
    summary: "Page: choose your own password after signing in with a temporary one",
    tag: "Pages",
    auth: "none",
    page: true,
    query: z.strictObject({ tenant: s.id.optional() }),
    responses: html("HTML form (the challenge is in an HttpOnly cookie), or 303 to sign in"),
    lambda: { description: "Page: choose your own password", access: ["table:read", "secret:session"] },
  },
  "new-password-form": {
    method: "POST",
    path: "/sign-in/new-password",
    summary: "Page: the new-password form's submission",
    tag: "Pages",
    auth: "none",
    page: true,
    body: z.object({ tenant: s.id.optional(), newPassword, confirmPassword: newPassword }),
    responses: html("303 to the account page, signed in; or the form again"),
    lambda: {
      description: "Page: new-password form submission",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
    },
  },
  "account-page": {
    method: "GET",
    path: "/account",
    summary: "Page: the signed-in person (name, school, roles) and links to their settings",
    tag: "Pages",
    auth: "required",
    page: true,
    query: z.strictObject({ done: z.enum(["password"]).optional() }),
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Page: your account", access: ["table:read", "secret:session"] },
  },
  "sign-out-form": {
    method: "POST",
    path: "/sign-out",
    summary: "Page: sign out (the session cookie's token stops working)",
    tag: "Pages",
    auth: "required",
    page: true,
    responses: html("303 to the sign-in page"),
    lambda: { description: "Page: sign out", access: ["table:read", "table:write", "secret:session"] },
  },
});
