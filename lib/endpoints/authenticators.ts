import * as z from "zod";
import * as s from "../api/schemas.js";
import { plainName } from "../domain/plain-text.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const code = z
  .string()
  .regex(/^\s*\d{6}\s*$/, "the 6-digit code the authenticator app shows")
  .meta({ description: "The current 6-digit code of an authenticator app" });
const recoveryCodes = z
  .array(z.string())
  .meta({ description: "10 single-use recovery codes: shown this once, stored only as hashes" });
const device = z
  .object({ deviceId: s.id, name: z.string(), activatedAt: z.string() })
  .meta({ id: "Authenticator" });
const deviceId = z.strictObject({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) });

/**
 * The signed-in person's authenticator apps (TOTP) and recovery codes — of their Latchkey ID when signed in with one,
 * else of their school account — and an admin's reset of a user's lost authenticator. People only: never an API key.
 */
export const authenticatorEndpoints = endpoints({
  "start-authenticator": {
    method: "POST",
    path: "/v1/me/authenticators",
    summary: "Start adding an authenticator app: a QR code to scan, pending until confirmed with a code",
    tag: "Authenticators",
    auth: "required",
    responses: {
      201: {
        description:
          "A pending device (10 minutes). The otpauth:// URI and QR code carry its secret: shown only to its owner, once. 409 at 5 devices; 403 for an API key",
        schema: z.object({
          deviceId: s.id,
          otpauthUri: z.string(),
          qrCode: z.string().meta({ description: "An SVG data URL of the otpauth:// URI" }),
          expiresAt: z.string(),
        }),
      },
    },
    lambda: {
      description: "Start adding an authenticator app",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
    },
  },
  "confirm-authenticator": {
    method: "POST",
    path: "/v1/me/authenticators/{deviceId}/confirm",
    summary: "Name a pending authenticator and confirm it with its current code: only then is it active",
    tag: "Authenticators",
    auth: "required",
    params: deviceId,
    body: z.strictObject({ name: plainName(64), code }),
    responses: {
      201: {
        description:
          "Active. The first device returns 10 recovery codes, once. A wrong code is 422 (5 lock for a while), a name already used 409, an unknown or expired pending device 404",
        schema: z.object({ device, recoveryCodes: recoveryCodes.optional() }),
      },
    },
    lambda: {
      description: "Confirm an authenticator app",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
    },
  },
  "list-authenticators": {
    method: "GET",
    path: "/v1/me/authenticators",
    summary: "Your active authenticator apps (never a secret) and how many recovery codes are left",
    tag: "Authenticators",
    auth: "required",
    responses: {
      200: {
        description: "Your authenticators",
        schema: z.object({
          items: z.array(device),
          recoveryCodesLeft: z.number().int(),
          session: s.sessionAccess,
        }),
      },
    },
    lambda: { description: "List authenticator apps", access: ["table:read", "secret:session"] },
  },
  "remove-authenticator": {
    method: "DELETE",
    path: "/v1/me/authenticators/{deviceId}",
    summary:
      "Remove one of your authenticators, confirmed with a current code or your password (or `{}` within 5 minutes of signing in)",
    tag: "Authenticators",
    auth: "required",
    params: deviceId,
    body: z.strictObject({ code: code.optional(), password: z.string().min(1).max(1024).optional() }),
    responses: {
      204: {
        description: "Removed. A wrong code or password is 422; no confirmation after 5 minutes 403",
      },
    },
    lambda: {
      description: "Remove an authenticator app",
      access: ["table:read", "table:write", "secret:session", "secret:pepper", "kms:data-key"],
      ...hashing,
    },
  },
  "regenerate-recovery-codes": {
    method: "POST",
    path: "/v1/me/recovery-codes",
    summary: "New recovery codes for a current authenticator code: the old set stops working",
    tag: "Authenticators",
    auth: "required",
    body: z.strictObject({ code }),
    responses: { 201: { description: "10 new codes, shown once", schema: z.object({ recoveryCodes }) } },
    lambda: {
      description: "Regenerate recovery codes",
      access: ["table:read", "table:write", "secret:session", "kms:data-key"],
    },
  },
  "reset-user-authenticators": {
    method: "POST",
    path: "/v1/users/{userId}/authenticators/reset",
    summary:
      "Remove a user's lost authenticators and recovery codes (a signed-in site admin confirming with their own password); the user is emailed and enrols again at their next sign-in",
    tag: "Authenticators",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: z.strictObject({ password: z.string().min(1).max(1024) }),
    responses: {
      200: {
        description:
          "Reset. A wrong own password is 401; not a site admin, an API key or a user with more privilege 403",
        schema: z.object({ userId: s.id, removed: z.number().int() }),
      },
    },
    lambda: {
      description: "Reset a user's authenticators (and notify them)",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
});
