import { z } from "zod";
import { emailTemplates } from "../topology/email-templates.js";
import type { FunctionName } from "../topology/functions.js";
import type { Contract } from "./contracts.js";
import * as s from "./schemas.js";

const delivery = z
  .object({
    emailId: s.id,
    template: z.enum(Object.keys(emailTemplates) as [keyof typeof emailTemplates]),
    to: z.string(),
    status: z.enum(["queued", "deferred", "sent", "failed"]),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().optional(),
    sesMessageId: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "EmailDelivery", description: "An email's delivery status; never its content" });

/** Email delivery status (issue #5). */
export const emailContracts = {
  "list-emails": {
    summary: "The tenant's emails, newest first, with their delivery status",
    tag: "Email",
    auth: "required",
    query: z.strictObject({ limit: s.limit, cursor: s.cursor }),
    responses: { 200: { description: "A page of emails", schema: s.page(delivery) } },
  },
  "get-email": {
    summary: "One email's delivery status (queued, deferred, sent with SES's message id, failed)",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ emailId: s.id }),
    responses: { 200: { description: "The email's status", schema: delivery } },
  },
} as const satisfies Partial<Record<FunctionName, Contract>>;
