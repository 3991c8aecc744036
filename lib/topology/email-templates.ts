/**
 * Platform email templates, synchronised to SES (SESv2 templates, Handlebars `{{name}}` replacements).
 * Tenant-specific layouts (issue #5) build on the same mechanism. Values are escaped before sending.
 */
export type EmailTemplateDeclaration = { subject: string; html: string; text: string };

export const emailTemplates = {
  "password-changed": {
    subject: "Your {{environmentName}} password was changed",
    html: "<p>Hello {{forename}},</p><p>The password of your {{environmentName}} account <b>{{username}}</b> was changed on {{changedAt}}.</p><p>If this was not you, contact your school's administrator straight away.</p>",
    text: "Hello {{forename}},\n\nThe password of your {{environmentName}} account {{username}} was changed on {{changedAt}}.\n\nIf this was not you, contact your school's administrator straight away.\n",
  },
} as const satisfies Record<string, EmailTemplateDeclaration>;

export type EmailTemplateId = keyof typeof emailTemplates;
