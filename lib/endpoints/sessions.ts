import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const newPasswordChallenge = z
  .object({
    challenge: z.literal("NEW_PASSWORD_REQUIRED"),
    challengeToken: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "NewPasswordChallenge" });

const mfaChallenge = z
  .object({
    challenge: z.literal("MFA_REQUIRED"),
    challengeToken: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "MfaChallenge" });

/** A signed-in answer of a password step: a session, or a challenge (a new password, or the second factor). */
const signInAnswers = {
  200: {
    description:
      "Password right, but a step remains: NEW_PASSWORD_REQUIRED (signed in with a temporary password: POST /v1/sessions/new-password) or MFA_REQUIRED (an authenticator is set up: POST /v1/sessions/mfa with a code or recovery code)",
    schema: z.union([newPasswordChallenge, mfaChallenge]),
  },
} as const;

/** Signing in with a password, the first password of one's own, and the signed-in user. */
export const sessionEndpoints = endpoints({
  "create-session": {
    method: "POST",
    path: "/v1/sessions",
    summary: "Sign in with username and password",
    tag: "Sessions",
    auth: "none",
    body: z.strictObject({
      tenantId: z.string().min(1).max(64),
      username: z.string().min(1).max(128),
      password: z.string().min(1).max(1024),
    }),
    responses: {
      ...signInAnswers,
      201: {
        description:
          "Signed in. Any failure is the same 401, whatever the reason; 50 failures from this address in 15 minutes, or 500 at this school from an address that failed too: 429 with Retry-After",
        schema: s.session,
      },
    },
    lambda: {
      description: "Sign in with username and password",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
    },
  },
  "complete-new-password": {
    method: "POST",
    path: "/v1/sessions/new-password",
    summary: "Set your own password after signing in with a temporary one, and get a session",
    tag: "Sessions",
    auth: "none",
    body: z.strictObject({
      challengeToken: z.string().min(1).max(4096),
      newPassword: z.string().min(1).max(1024),
    }),
    responses: {
      200: {
        description: "Password set; an authenticator is set up: MFA_REQUIRED (POST /v1/sessions/mfa)",
        schema: mfaChallenge,
      },
      201: { description: "Password set; signed in", schema: s.session },
    },
    lambda: {
      description: "Set your own password after a temporary one",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
      ...hashing,
    },
  },
  "complete-mfa-sign-in": {
    method: "POST",
    path: "/v1/sessions/mfa",
    summary: "Answer a sign-in's MFA_REQUIRED challenge with a current authenticator code or a recovery code",
    tag: "Sessions",
    auth: "none",
    body: z.union([
      z.strictObject({
        challengeToken: z.string().min(1).max(4096),
        code: z.string().regex(/^\s*\d{6}\s*$/, "the 6-digit code the authenticator app shows"),
      }),
      z.strictObject({
        challengeToken: z.string().min(1).max(4096),
        recoveryCode: z.string().min(1).max(64),
      }),
    ]),
    responses: {
      201: {
        description:
          "Signed in with two factors. A wrong, reused or expired code, a used recovery code, an expired challenge: the same 401 (5 wrong answers lock the codes for a while)",
        schema: s.session,
      },
    },
    lambda: {
      description: "Second-factor step of a sign-in",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
    },
  },
  "get-me": {
    method: "GET",
    path: "/v1/me",
    summary:
      "The signed-in user, and what this session may use now (`session`: basic access until a second factor)",
    tag: "Sessions",
    auth: "required",
    responses: { 200: { description: "The user", schema: s.user.extend({ session: s.sessionAccess }) } },
    lambda: { description: "The signed-in user", access: ["table:read", "secret:session"] },
  },
  "change-password": {
    method: "PUT",
    path: "/v1/me/password",
    summary: "Change the signed-in user's password; every session of theirs (this token too) ends",
    tag: "Sessions",
    auth: "required",
    body: z.strictObject({
      currentPassword: z.string().min(1).max(1024),
      newPassword: z.string().min(1).max(1024),
    }),
    responses: { 204: { description: "Changed; a notice is emailed when the user has an email" } },
    lambda: {
      description: "Change the signed-in user's password",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
  "sign-out": {
    method: "DELETE",
    path: "/v1/sessions/current",
    summary: "Sign out: the session token of this request stops working",
    tag: "Sessions",
    auth: "required",
    responses: { 204: { description: "Signed out" } },
    lambda: { description: "Sign out", access: ["table:read", "table:write", "secret:session"] },
  },
  "revoke-user-sessions": {
    method: "POST",
    path: "/v1/users/{userId}/sessions/revoke",
    summary:
      "End every session of a user (a signed-in admin with sessions:revoke, never an API key, never on a user with more privilege)",
    tag: "Sessions",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: { 204: { description: "Every session the user had is ended" } },
    lambda: {
      description: "End every session of a user",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
});
