import { GetAccountCommand, type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import {
  type EmailMessage,
  EmailThrottledError,
  type Mailer,
  type SendingAccount,
  type SendQuota,
} from "../../ports/mailer.js";

/** SES's answers that mean "not now": retry later, never drop. */
const throttled = new Set(["ThrottlingException", "TooManyRequestsException", "Throttling"]);

/** Sends through an SES template (`<prefix><template id>`) with SESv2 `SendEmail`. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly options: { from: string; templatePrefix: string; configurationSet?: string },
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    try {
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
    } catch (error) {
      if (throttled.has((error as Error).name)) throw new EmailThrottledError(error);
      throw error;
    }
  }
}

/** The account's sending limits from SESv2 `GetAccount`, cached for a minute per execution environment. */
export class SesSendingAccount implements SendingAccount {
  private cached?: { at: number; quota: SendQuota };

  constructor(
    private readonly ses: SESv2Client,
    private readonly options: { maxSendRateOverride?: number; cacheMs?: number } = {},
  ) {}

  async quota(): Promise<SendQuota> {
    if (this.cached && Date.now() - this.cached.at < (this.options.cacheMs ?? 60_000))
      return this.cached.quota;
    const account = await this.ses.send(new GetAccountCommand({}));
    const quota = {
      maxSendRate: this.options.maxSendRateOverride ?? account.SendQuota?.MaxSendRate ?? 1,
      max24HourSend: account.SendQuota?.Max24HourSend ?? 200,
      sentLast24Hours: account.SendQuota?.SentLast24Hours ?? 0,
    };
    this.cached = { at: Date.now(), quota };
    return quota;
  }
}
