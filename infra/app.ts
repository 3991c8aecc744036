import { App } from "aws-cdk-lib";
import { serviceName } from "../lib/topology/index.js";
import { StatefulStack } from "./stateful-stack.js";
import { StatelessStack } from "./stateless-stack.js";

/**
 * The Latchkey CDK app. Stacks are environment-agnostic unless `-c account=… -c region=…` is given, so
 * `cdk synth` needs no AWS credentials and makes no lookups.
 */
const app = new App();

const contextString = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === "string" && value.length > 0 ? value : undefined;
};

const account = contextString("account");
const region = contextString("region");
const env = account || region ? { account, region } : undefined;
const tags = { Service: serviceName };

const stateful = new StatefulStack(app, "Latchkey-Stateful", {
  env,
  tags,
  description: "Latchkey data: table, keys, queues, secrets, SES configuration",
});

new StatelessStack(app, "Latchkey-Stateless", {
  env,
  tags,
  description: "Latchkey code: functions, HTTP API, queue consumers, alarms",
  stateful,
  senderAddress: contextString("senderAddress") ?? "no-reply@example.com",
  // Comma-separated, e.g. -c senderDomains=latchkey.example,oakfield.sch.uk (default: the sender's domain).
  senderDomains: contextString("senderDomains")?.split(","),
  publicBaseUrl: contextString("publicBaseUrl"),
  // A tenant's share of the SES 24-hour quota, e.g. -c tenantDailyEmailQuota=5000 (default 2,000).
  tenantDailyEmailQuota: Number(contextString("tenantDailyEmailQuota") ?? 0) || undefined,
  // Every alarm notifies one SNS topic; -c alarmEmail=ops@example.org subscribes that address to it.
  alarmEmail: contextString("alarmEmail"),
});
