import * as z from "zod";
import * as s from "../api/schemas.js";
import { userTypes } from "../domain/model.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const html = (description: string) => ({ 200: { description, contentType: "text/html" } });
const userParams = z.strictObject({ userId: s.id });
const done = z.object({ done: z.string().max(32).optional() });
const write = ["table:read", "table:write", "secret:session"] as const;

/**
 * The console's System users (Bromcom) screens (`lib/api/console/nav.ts` lists them): the user accounts with search
 * and filters, and a user's page with Reset SSO PIN, sign out everywhere, disable and enable — on the same use
 * cases as the API. Every POST carries the form token `csrf` and answers with a 303 and a fixed `?done=` message.
 */
export const consoleUsersEndpoints = endpoints({
  "console-users": {
    method: "GET",
    path: "/console/users",
    summary: "Console: user accounts — search, user type and status filters, page size and paging",
    tag: "Console",
    auth: "required",
    page: true,
    query: z.object({
      q: z.string().trim().max(100).optional(),
      type: z.enum(userTypes).or(z.literal("")).optional(),
      status: z.enum(["active", "disabled", "all"]).default("active"),
      page: z.coerce.number().int().min(1).max(1000).default(1),
      size: z.coerce.number().int().min(10).max(100).default(25),
    }),
    responses: html("HTML page, or 303 to sign in"),
    lambda: { description: "Console: user accounts", access: ["table:read", "secret:session"] },
  },
  "console-user": {
    method: "GET",
    path: "/console/users/{userId}",
    summary: "Console: one user — details, SSO PIN state, and what the signed-in person may do to them",
    tag: "Console",
    auth: "required",
    page: true,
    params: userParams,
    query: done,
    responses: html("HTML page; 404 for a user of another school"),
    lambda: { description: "Console: a user", access: ["table:read", "secret:session"] },
  },
  "console-user-reset-sso-pin": {
    method: "POST",
    path: "/console/users/{userId}/sso-pin/reset",
    summary:
      "Console: Reset SSO PIN (confirmed with your own password) → the user sets a new one at next SSO login",
    tag: "Console",
    auth: "required",
    page: true,
    params: userParams,
    body: z.object({ password: z.string().max(1024) }),
    responses: html("303 to the user with a success message; the page with the refusal"),
    lambda: {
      description: "Console: reset a user's SSO PIN",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
  "console-user-sign-out": {
    method: "POST",
    path: "/console/users/{userId}/sign-out",
    summary: "Console: sign the user out everywhere (every session ends)",
    tag: "Console",
    auth: "required",
    page: true,
    params: userParams,
    responses: html("303 to the user with a message"),
    lambda: { description: "Console: sign a user out everywhere", access: write },
  },
  "console-user-disable": {
    method: "POST",
    path: "/console/users/{userId}/disable",
    summary: "Console: disable the user's account (their sessions stop at their next request)",
    tag: "Console",
    auth: "required",
    page: true,
    params: userParams,
    responses: html("303 to the user with a message"),
    lambda: { description: "Console: disable a user", access: write },
  },
  "console-user-enable": {
    method: "POST",
    path: "/console/users/{userId}/enable",
    summary: "Console: enable a disabled user's account again",
    tag: "Console",
    auth: "required",
    page: true,
    params: userParams,
    responses: html("303 to the user with a message"),
    lambda: { description: "Console: enable a user", access: write },
  },
});
