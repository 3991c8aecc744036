import {
  CreateEmailTemplateCommand,
  type EmailTemplateContent,
  type SESv2Client,
  UpdateEmailTemplateCommand,
} from "@aws-sdk/client-sesv2";
import { type EmailLayout, sesTemplateContent } from "../../domain/email-layout.js";
import { ValidationError } from "../../domain/errors.js";
import type { EmailTemplatePublisher } from "../../ports/email-layouts.js";
import { tenantTemplateName } from "../../topology/email-templates.js";

/** Creates the template, or updates it when it exists (SES has no upsert). */
export async function upsertEmailTemplate(
  ses: SESv2Client,
  TemplateName: string,
  TemplateContent: EmailTemplateContent,
): Promise<void> {
  try {
    await ses.send(new UpdateEmailTemplateCommand({ TemplateName, TemplateContent }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await ses.send(new CreateEmailTemplateCommand({ TemplateName, TemplateContent }));
    } catch (created) {
      // Someone else created it between the two calls: update again, so the latest content wins.
      if ((created as Error).name !== "AlreadyExistsException") throw created;
      await ses.send(new UpdateEmailTemplateCommand({ TemplateName, TemplateContent }));
    }
  }
}

/** Publishes a tenant's layout as its SESv2 template (`<prefix><layout>-<tenant digest>`). */
export class SesTemplatePublisher implements EmailTemplatePublisher {
  constructor(
    private readonly ses: SESv2Client,
    private readonly templatePrefix: string,
  ) {}

  async publish(tenantId: string, layout: EmailLayout): Promise<void> {
    try {
      await upsertEmailTemplate(
        this.ses,
        tenantTemplateName(this.templatePrefix, tenantId, layout.layoutId),
        sesTemplateContent(layout),
      );
    } catch (error) {
      if (!isRefused(error)) throw error;
      // SES's own words may name internals (template names): the admin gets a fixed explanation.
      const detail = "the sending service cannot use this as a template: check the markup around merge items";
      throw new ValidationError("The layout was refused as an email template.", [
        { pointer: "/html", detail },
      ]);
    }
  }
}

/** SES refused the content itself (BadRequestException, or the emulator's bare 400). */
function isRefused(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === "BadRequestException" ||
    (e.$metadata?.httpStatusCode === 400 && e.name !== "AlreadyExistsException")
  );
}

/** SES's NotFoundException (the emulator answers a bare 404, which the SDK cannot name). */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFoundException" || e.$metadata?.httpStatusCode === 404;
}
