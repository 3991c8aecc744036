import { GetAccountCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import type { SendingAccount, SendQuota } from "../../ports/mailer.js";

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
