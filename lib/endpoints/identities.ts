import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const consent = z
  .object({ userId: z.string(), email: z.string(), consented: z.boolean() })
  .meta({ id: "LatchkeyIdConsent" });
const membership = z.object({ tenantId: z.string(), name: z.string(), current: z.boolean() });
const memberships = z.array(membership);

/**
 * Latchkey ID (issue #12, CPOMS's "SSO" account): one email and password across the schools where the person has an
 * account — the school's consent, signing in, the memberships, and switching school.
 */
export const identityEndpoints = endpoints({
  "consent-latchkey-id": {
    method: "PUT",
    path: "/v1/users/{userId}/latchkey-id",
    summary:
      "Consent that this account is reached by the Latchkey ID of its email (a signed-in site admin, never an API key; idempotent)",
    tag: "Latchkey ID",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 200: { description: "The school consents", schema: consent } },
    lambda: {
      description: "Consent to a Latchkey ID link",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "withdraw-latchkey-id": {
    method: "DELETE",
    path: "/v1/users/{userId}/latchkey-id",
    summary: "Withdraw the school's consent: the Latchkey ID no longer reaches this account (idempotent)",
    tag: "Latchkey ID",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 200: { description: "The school no longer consents", schema: consent } },
    lambda: { description: "Unlink a Latchkey ID", access: ["table:read", "table:write", "secret:session"] },
  },
  "leave-membership": {
    method: "DELETE",
    path: "/v1/me/memberships/{tenantId}",
    summary: "Leave one school's membership of your Latchkey ID (a Latchkey ID session only)",
    tag: "Latchkey ID",
    auth: "required",
    params: z.strictObject({ tenantId: s.id }),
    responses: { 204: { description: "Unlinked; the school must consent again to restore it" } },
    lambda: {
      description: "Leave a Latchkey ID membership",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
  "create-identity-session": {
    method: "POST",
    path: "/v1/identity-sessions",
    summary:
      "Sign in with a Latchkey ID: email and password, at one school or (without tenantId) the first one",
    tag: "Latchkey ID",
    auth: "none",
    body: z.strictObject({
      email: z.string().trim().min(3).max(254),
      password: z.string().min(1).max(1024),
      tenantId: s.id.optional(),
    }),
    responses: {
      200: {
        description: "The password was right; a challenge comes first (e.g. MFA_REQUIRED)",
        schema: z.object({ challenge: z.string(), challengeToken: z.string(), expiresAt: z.string() }),
      },
      201: {
        description:
          "Signed in, with the schools this Latchkey ID may switch to. Any failure is the same 401; 50 failures from this address in 15 minutes: 429 with Retry-After",
        schema: s.session.extend({ memberships }),
      },
    },
    lambda: {
      description: "Sign in with a Latchkey ID",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "list-memberships": {
    method: "GET",
    path: "/v1/me/memberships",
    summary: "The schools of the signed-in Latchkey ID (a Latchkey ID session only)",
    tag: "Latchkey ID",
    auth: "required",
    responses: { 200: { description: "The schools, by name", schema: z.object({ items: memberships }) } },
    lambda: { description: "List Latchkey ID memberships", access: ["table:read", "secret:session"] },
  },
  "list-my-events": {
    method: "GET",
    path: "/v1/me/events",
    summary:
      "Your own history, newest first: a Latchkey ID session's is the identity's (every school), otherwise the account's",
    tag: "Latchkey ID",
    auth: "required",
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of events", schema: s.page(s.auditEvent) } },
    lambda: { description: "My event history", access: ["table:read", "secret:session"] },
  },
  "switch-session": {
    method: "POST",
    path: "/v1/sessions/switch",
    summary:
      "Switch a Latchkey ID session to another of its schools, without the password or code (within 12 hours of signing in)",
    tag: "Latchkey ID",
    auth: "required",
    body: z.strictObject({ tenantId: s.id }),
    responses: { 201: { description: "A session for the account in that school", schema: s.session } },
    lambda: {
      description: "Switch school",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
});
