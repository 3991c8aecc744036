import { z } from "zod";
import type { FunctionName } from "../topology/functions.js";
import type { Contract } from "./contracts.js";
import * as s from "./schemas.js";

const ssoPinOutcome = z
  .object({
    outcome: z.enum(["ok", "setup_required", "invalid", "locked"]),
    stepUpToken: z.string().optional(),
    action: z.string().optional(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: "SsoPinOutcome" });

/** SSO PINs and step-up tokens (issue #4). */
export const pinContracts = {
  "reset-sso-pin": {
    summary: "Reset a user's SSO PIN: the old one stops working; they set a new one at their next SSO login",
    tag: "SSO PINs",
    auth: "required",
    params: z.strictObject({ userId: s.id }),
    responses: {
      200: {
        description: "Reset pending",
        schema: z.object({ userId: s.id, state: z.literal("reset_pending") }),
      },
    },
  },
  "verify-sso-pin": {
    summary: "Check an SSO user's PIN for sign-in or a sensitive action (the tenant's application, API key)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      action: s.stepUpAction,
    }),
    responses: { 200: { description: "The outcome, machine-readable", schema: ssoPinOutcome } },
  },
  "setup-sso-pin": {
    summary: "Create and confirm a new 6-digit SSO PIN when setup is required",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({
      username: z.string().min(1).max(128),
      pin: z.string().min(1).max(32),
      confirmPin: z.string().min(1).max(32),
    }),
    responses: { 200: { description: "Saved; a sign_in step-up token", schema: ssoPinOutcome } },
  },
  "introspect-step-up": {
    summary: "Is a step-up token valid for this tenant and action? (RFC 7662 style)",
    tag: "SSO PINs",
    auth: "required",
    body: z.strictObject({ token: z.string().min(1).max(4096), action: s.stepUpAction }),
    responses: {
      200: {
        description: "active: false for an invalid, expired, other-tenant or other-action token",
        schema: z.object({ active: z.boolean(), userId: s.id.optional(), action: z.string().optional() }),
      },
    },
  },
} as const satisfies Partial<Record<FunctionName, Contract>>;
