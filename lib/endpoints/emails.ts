import * as z from "zod";
import * as s from "../api/schemas.js";
import { layoutIds, layoutLimits } from "../domain/email-layout.js";
import { emailStatuses } from "../ports/mailer.js";
import { endpoints } from "./endpoint.js";

const emailStatus = z.enum(emailStatuses);
const delivery = z
  .object({
    emailId: s.id,
    layoutId: z.enum(layoutIds),
    to: z.string(),
    status: emailStatus,
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

/** Email layouts (published as SES templates) and the delivery status of every email (issue #5). */
export const emailEndpoints = endpoints({
  "list-emails": {
    method: "GET",
    path: "/v1/emails",
    summary: "The tenant's emails, newest first, with their delivery status; only one status with `status`",
    tag: "Email",
    auth: "required",
    query: z.strictObject({ limit: s.limit, cursor: s.cursor, status: emailStatus.optional() }),
    responses: { 200: { description: "A page of emails", schema: s.page(delivery) } },
    lambda: {
      description: "Delivery status of the tenant's emails",
      access: ["table:read", "secret:session"],
    },
  },
  "get-email": {
    method: "GET",
    path: "/v1/emails/{emailId}",
    summary: "One email's delivery status (queued, deferred, sent with SES's message id, failed)",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ emailId: s.id }),
    responses: { 200: { description: "The email's status", schema: delivery } },
    lambda: { description: "Delivery status of one email", access: ["table:read", "secret:session"] },
  },
  "list-email-layouts": {
    method: "GET",
    path: "/v1/email-layouts",
    summary: "The tenant's email layouts (its own, or the defaults until it saves or imports its own)",
    tag: "Email",
    auth: "required",
    responses: { 200: { description: "Every layout", schema: z.object({ items: z.array(layout) }) } },
    lambda: { description: "The tenant's email layouts", access: ["table:read", "secret:session"] },
  },
  "import-email-layouts": {
    method: "POST",
    path: "/v1/email-layouts/import",
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
    lambda: {
      description: "Import the default email layouts",
      access: ["table:read", "table:write", "secret:session", "ses:templates"],
    },
  },
  "get-email-layout": {
    method: "GET",
    path: "/v1/email-layouts/{layoutId}",
    summary: "One email layout",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ layoutId }),
    responses: { 200: { description: "The layout", schema: layout } },
    lambda: { description: "One email layout", access: ["table:read", "secret:session"] },
  },
  "save-email-layout": {
    method: "PUT",
    path: "/v1/email-layouts/{layoutId}",
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
    lambda: {
      description: "Save an email layout and publish its SES template",
      access: ["table:read", "table:write", "secret:session", "ses:templates"],
    },
  },
  "preview-email-layout": {
    method: "POST",
    path: "/v1/email-layouts/{layoutId}/preview",
    summary: "Render a layout (a draft in the body, or the saved one) with sample values",
    tag: "Email",
    auth: "required",
    params: z.strictObject({ layoutId }),
    body: z.strictObject({ draft: z.strictObject(layoutBody).optional() }),
    responses: { 200: { description: "The rendered email", schema: preview } },
    lambda: {
      description: "Render an email layout with sample values",
      access: ["table:read", "secret:session"],
    },
  },
});
