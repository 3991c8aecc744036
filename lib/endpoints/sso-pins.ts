import * as z from "zod";
import * as s from "../api/schemas.js";
import { hashing } from "../topology/function-declarations.js";
import { endpoints } from "./endpoint.js";

const ssoPinOutcome = z
  .object({
    outcome: z.enum(["ok", "setup_required", "invalid", "locked"]),
    stepUpToken: z.string().optional(),
    action: z.string().optional(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "SsoPinOutcome" });

/** SSO PINs and the step-up tokens a correct PIN earns (issue #4). */
export const ssoPinEndpoints = endpoints({
  "reset-sso-pin": {
    method: "POST",
    path: "/v1/users/{userId}/sso-pin/reset",
    summary:
      "Reset a user's SSO PIN: the old one stops working; they set a new one at their next SSO login. A signed-in admin confirms with their own password; an API key may reset unprivileged users' PINs only",
    tag: "SSO PINs",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    body: z.strictObject({
      password: z.string().min(1).max(1024).optional().meta({
        description: "Your own password, to confirm (required for a signed-in user; an API key sends none)",
      }),
    }),
    responses: {
      200: {
        description:
          "Reset pending. A wrong own password is 401; a user with more privilege than yours (for an API key: any privileged user) 403",
        schema: z.object({ userId: s.id, state: z.literal("reset_pending") }),
      },
    },
    lambda: {
      description: "Reset a user's SSO PIN (and notify them)",
      access: ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
      ...hashing,
    },
  },
  "verify-sso-pin": {
    method: "POST",
    path: "/v1/sso-pins/verify",
    summary: "Check an SSO user's PIN for sign-in or a sensitive action (the tenant's application, API key)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      action: s.stepUpAction,
    }),
    responses: { 200: { description: "The outcome, machine-readable", schema: ssoPinOutcome } },
    lambda: {
      description: "Check an SSO PIN (step-up)",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "setup-sso-pin": {
    method: "POST",
    path: "/v1/sso-pins/setup",
    summary: "Create and confirm a new 6-digit SSO PIN when setup is required",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      confirmPin: z.string().min(1).max(32),
    }),
    responses: { 200: { description: "Saved; a sign_in step-up token", schema: ssoPinOutcome } },
    lambda: {
      description: "Create a new SSO PIN",
      access: ["table:read", "table:write", "secret:pepper", "secret:session"],
      ...hashing,
    },
  },
  "introspect-step-up": {
    method: "POST",
    path: "/v1/step-up/introspect",
    summary: "Is a step-up token valid for this tenant and action? (RFC 7662 style)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({ token: z.string().min(1).max(4096), action: s.stepUpAction }),
    responses: {
      200: {
        description:
          "active: false for an invalid, expired, already used, other-tenant or other-action token",
        schema: z.object({ active: z.boolean(), userId: s.id.optional(), action: z.string().optional() }),
      },
    },
    lambda: {
      description: "Check a step-up token (and use it up)",
      access: ["table:read", "table:write", "secret:session"],
    },
  },
});
