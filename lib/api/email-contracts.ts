import { z } from "zod";
import { layoutIds, layoutLimits } from "../domain/email-layout.js";
import type { FunctionName } from "../topology/functions.js";
import type { Contract } from "./contracts.js";
import * as s from "./schemas.js";

const delivery = z
  .object({
    emailId: s.id,
    layoutId: z.enum(layoutIds),
    to: z.string(),
    status: z.enum(["queued", "deferred", "sent", "failed"]),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().optional(),
    sesMessageId: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "EmailDelivery", description: "An email's delivery status; never its content" });

const layoutId = z.enum(layoutIds).meta({ description: "Which email the layout is for" });

const layoutBody = {
  subject: z.string().max(layoutLimits.subject),
  html: z.string().max(layoutLimits.html),
  text: z.string().max(layoutLimits.text),
};

const layout = z
  .object({
    layoutId,
    ...layoutBody,
    source: z.enum(["tenant", "default"]).meta({ description: "The tenant's own layout, or the default" }),
    version: z.number().int().meta({ description: "0 while the default applies" }),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
    description: z.string(),
    requiredItems: z.array(z.string()),
    optionalItems: z.array(z.string()),
  })
  .meta({ id: "EmailLayout", description: "Subject, HTML and text with merge items written !NAME!" });

const preview = z
  .object({
    layoutId,
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    values: z.record(z.string(), z.string()),
  })
  .meta({
    id: "EmailLayoutPreview",
    description: "A layout rendered with sample values (HTML-escaped in HTML)",
  });

/** Email layouts and delivery status (issue #5). */
export const emailContracts = {
  "list-email-layouts": {
    summary: "The tenant's email layouts (its own, or the defaults until it saves or imports its own)",
    tag: "Email",
    auth: "required",
    responses: { 200: { description: "Every layout", schema: z.object({ items: z.array(layout) }) } },
  },
  "get-email-layout": {
    summary: "One email layout",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ layoutId }),
    responses: { 200: { description: "The layout", schema: layout } },
  },
  "save-email-layout": {
    summary: "Save an email layout (validated; published as the tenant's SES template)",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ layoutId }),
    body: z.strictObject({
      ...layoutBody,
      expectedVersion: z.number().int().min(0).optional().meta({
        description: "The version you loaded (0 for the default): refuses to overwrite a newer save",
      }),
    }),
    responses: { 200: { description: "The saved layout", schema: layout } },
  },
  "import-email-layouts": {
    summary: "Import the default layouts as the tenant's own (the environment name must be set first)",
    tag: "Email",
    auth: "required",
    body: z.strictObject({
      replace: z
        .boolean()
        .default(false)
        .meta({ description: "Also reset layouts the tenant already saved" }),
    }),
    responses: {
      200: {
        description: "Which layouts were imported, and which were kept",
        schema: z.object({ imported: z.array(layoutId), kept: z.array(layoutId) }),
      },
    },
  },
  "preview-email-layout": {
    summary: "Render a layout (a draft in the body, or the saved one) with sample values",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ layoutId }),
    body: z.strictObject({ draft: z.strictObject(layoutBody).optional() }),
    responses: { 200: { description: "The rendered email", schema: preview } },
  },
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
