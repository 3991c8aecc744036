import { type SESv2Client, SendBulkEmailCommand, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { sesTemplateData } from "../../domain/email-layout.js";
import {
  type BulkSendResult,
  EmailTemplateMissingError,
  EmailThrottledError,
  type Mailer,
  type OutgoingEmail,
} from "../../ports/mailer.js";
import { platformTemplateName, tenantTemplateName } from "../../topology/email-templates.js";
import { isNotFound } from "./ses-templates.js";

/** SES's answers that mean "not now": retry later, never drop. */
const throttled = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "Throttling",
  "ACCOUNT_THROTTLED",
]);

/**
 * Sends through SES templates with SESv2 `SendEmail`, or `SendBulkEmail` for several emails of one layout. A
 * tenant that saved its own layout gets its own template; everyone else the platform default.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: { templatePrefix: string; configurationSet?: string },
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.call(email, () =>
      this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: this.options.configurationSet,
          Content: {
            Template: { TemplateName: this.templateName(email), TemplateData: sesTemplateData(email.values) },
          },
          EmailTags: tags(email),
        }),
      ),
    );
    return { messageId: result.MessageId ?? "" };
  }

  async sendBulk(emails: readonly OutgoingEmail[]): Promise<BulkSendResult[]> {
    const [first] = emails;
    if (!first) return [];
    if (emails.length > 50) throw new RangeError("SendBulkEmail takes at most 50 destinations");
    const result = await this.call(first, () =>
      this.ses.send(
        new SendBulkEmailCommand({
          FromEmailAddress: first.from,
          ConfigurationSetName: this.options.configurationSet,
          DefaultContent: { Template: { TemplateName: this.templateName(first), TemplateData: "{}" } },
          DefaultEmailTags: tags(first),
          BulkEmailEntries: emails.map((email) => ({
            Destination: { ToAddresses: [email.to] },
            ReplacementEmailContent: {
              ReplacementTemplate: { ReplacementTemplateData: sesTemplateData(email.values) },
            },
          })),
        }),
      ),
    );
    const results = result.BulkEmailEntryResults ?? [];
    if (results.some((r) => r.Status === "TEMPLATE_NOT_FOUND")) {
      throw new EmailTemplateMissingError(first.tenantId, first.layoutId);
    }
    return emails.map((email, i) => {
      const entry = results[i];
      return entry?.Status === "SUCCESS" && entry.MessageId
        ? { emailId: email.emailId, messageId: entry.MessageId }
        : { emailId: email.emailId, error: entry?.Status ?? "NO_RESULT" };
    });
  }

  private templateName(email: OutgoingEmail) {
    return email.tenantLayout
      ? tenantTemplateName(this.options.templatePrefix, email.tenantId, email.layoutId)
      : platformTemplateName(this.options.templatePrefix, email.layoutId);
  }

  private async call<T>(email: OutgoingEmail, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const name = (error as Error).name;
      if (throttled.has(name)) throw new EmailThrottledError(error);
      if (isNotFound(error) && email.tenantLayout) {
        throw new EmailTemplateMissingError(email.tenantId, email.layoutId);
      }
      throw error;
    }
  }
}

const tags = (email: OutgoingEmail) => [
  { Name: "tenant", Value: email.tenantId.replace(/[^\w-]/g, "_") },
  { Name: "layout", Value: email.layoutId },
];
