import { SESv2Client } from "@aws-sdk/client-sesv2";
import { sdkClientOptions } from "../../lib/adapters/sdk-options.js";
import { SesMailer } from "../../lib/adapters/ses/ses-mailer.js";
import { SesSendingAccount } from "../../lib/adapters/ses/ses-sending-account.js";
import { SesTemplatePublisher } from "../../lib/adapters/ses/ses-templates.js";
import type { Deps } from "../../lib/app/deps.js";
import { config } from "../../lib/config.js";
import { tracer } from "../observability.js";
import { localCredentials } from "./local.js";

/** The SES adapters: sending (`ses:send`) and publishing tenants' templates (`ses:templates`). */
let client: SESv2Client | undefined;
const built: Partial<Deps> = {};

const ses = () => {
  const endpoint = config().SES_ENDPOINT;
  client ??= tracer.captureAWSv3Client(
    new SESv2Client({
      region: config().AWS_REGION,
      ...sdkClientOptions("ses"),
      ...(endpoint ? { endpoint, credentials: localCredentials } : {}),
    }),
  );
  return client;
};

export const mailer = () =>
  (built.mailer ??= new SesMailer(ses(), {
    templatePrefix: config().EMAIL_TEMPLATE_PREFIX,
    configurationSet: config().SES_CONFIGURATION_SET,
  }));
export const templatePublisher = () =>
  (built.templatePublisher ??= new SesTemplatePublisher(ses(), config().EMAIL_TEMPLATE_PREFIX));
export const sendingAccount = () =>
  (built.sendingAccount ??= new SesSendingAccount(ses(), {
    maxSendRateOverride: config().EMAIL_MAX_SEND_RATE,
  }));
