import type { EmailTemplateId } from "../topology/email-templates.js";

export type EmailMessage = {
  tenantId: string;
  template: EmailTemplateId;
  to: string;
  /** Template values; never secrets other than the one the email exists to deliver. */
  data: Record<string, string>;
};

/** Queues an email; the email consumer sends it at the pace SES allows. */
export interface EmailOutbox {
  enqueue(message: EmailMessage): Promise<void>;
}

/** Sends one templated email now. */
export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
