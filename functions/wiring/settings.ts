import type { ServiceSettings } from "../../lib/app/deps.js";
import { config } from "../../lib/config.js";
import { senderDomains } from "../../lib/domain/email-sender.js";

let built: ServiceSettings | undefined;

/** The deployment's settings use cases need (sender, where the pages are), read from the configuration once. */
export const settings = (): ServiceSettings => {
  built ??= {
    defaultSender: config().SENDER_ADDRESS,
    senderDomains: senderDomains(config().SENDER_DOMAINS, config().SENDER_ADDRESS),
    publicBaseUrl: config().PUBLIC_BASE_URL.replace(/\/+$/, ""),
    tenantDailyEmailQuota: config().EMAIL_TENANT_DAILY_QUOTA,
  };
  return built;
};
