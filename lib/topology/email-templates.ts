import { createHash } from "node:crypto";
import { defaultLayouts, type LayoutId, layoutIds, sesTemplateContent } from "../domain/email-layout.js";

/**
 * SES email templates. The platform's default layouts are templates of every deployment (CDK creates them; the
 * local runtime creates them in the emulator) and serve tenants that have not saved a layout of their own. A
 * tenant's saved layout is published at save time as its own template. All names start with the deployment's
 * prefix, so several stacks can share an account.
 */
export type EmailTemplateDeclaration = { subject: string; html: string; text: string };

export const emailTemplates: Record<LayoutId, EmailTemplateDeclaration> = Object.fromEntries(
  layoutIds.map((id) => {
    const content = sesTemplateContent(defaultLayouts[id]);
    return [id, { subject: content.Subject, html: content.Html, text: content.Text }];
  }),
) as Record<LayoutId, EmailTemplateDeclaration>;

/** SES rejects template names longer than this. */
export const maxTemplateNameLength = 64;

/** The platform default template of a layout. */
export function platformTemplateName(prefix: string, layoutId: LayoutId): string {
  return `${prefix}${layoutId}`;
}

/** A tenant's own template of a layout: tenant ids can be long, so they are represented by a digest. */
export function tenantTemplateName(prefix: string, tenantId: string, layoutId: LayoutId): string {
  const digest = createHash("sha256").update(tenantId).digest("hex").slice(0, 16);
  return `${prefix}${layoutId}-${digest}`;
}
