import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { EmailMessage, Mailer } from "../../ports/mailer.js";

/** Sends through an SES template (`<prefix><template id>`) with SESv2 `SendEmail`. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: { from: string; templatePrefix: string; configurationSet?: string },
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    // SES templates render with Handlebars: `{{name}}` HTML-escapes the value (the emulator does the same).
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [message.to] },
        ConfigurationSetName: this.options.configurationSet,
        Content: {
          Template: {
            TemplateName: `${this.options.templatePrefix}${message.template}`,
            TemplateData: JSON.stringify(message.data),
          },
        },
        EmailTags: [{ Name: "tenant", Value: message.tenantId.replace(/[^\w-]/g, "_") }],
      }),
    );
    return { messageId: result.MessageId ?? "" };
  }
}
