import { CfnOutput, Duration, NestedStack, Stack, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Construct } from "constructs";
import { senderDomains } from "../lib/domain/email-sender.js";
import {
  type Capability,
  deadLetterConsumption,
  type FunctionName,
  functionCapabilities,
  functions,
  queues,
  routes,
} from "../lib/topology/index.js";
import { RateLimitWebAcl } from "./constructs/rate-limit-web-acl.js";
import { ServiceFunction, type ServiceResources } from "./constructs/service-function.js";
import { ServiceHttpApi } from "./constructs/service-http-api.js";
import { constructId, entriesOf, mapTopology } from "./constructs/topology-names.js";
import type { StatefulStack } from "./stateful-stack.js";

export type StatelessStackProps = StackProps & {
  stateful: StatefulStack;
  /** The verified SES identity emails are sent from. */
  senderAddress: string;
  /**
   * The domains verified in SES that emails may come from (tenants' sender addresses included); default: the
   * sender address's domain.
   */
  senderDomains?: string[];
  /**
   * Where users reach the service's pages (reset and sign-up links in emails), e.g. a custom domain in front of
   * the HTTP API. Unset: the HTTP API's own URL.
   */
  publicBaseUrl?: string;
  /** Emails one tenant may send per UTC day (`EMAIL_TENANT_DAILY_QUOTA`); default: the configuration's 2,000. */
  tenantDailyEmailQuota?: number;
  /** Directory holding the entry modules and `package-lock.json`; defaults to the repository root. */
  projectRoot?: string;
};

/**
 * The code and everything that can be replaced at will: one function per declared function, the HTTP API with
 * one route per declared route, queue event sources, and the alarms ops teams watch. Each capability's functions
 * (with their roles, log groups, event sources and alarms) are one nested stack: a function brings about eight
 * resources, and one stack holds at most 500.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, ServiceFunction>;
  readonly httpApi: ServiceHttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;
    const domains = senderDomains(props.senderDomains?.join(","), props.senderAddress);

    const resources: ServiceResources = {
      table: stateful.table,
      queues: mapTopology(stateful.queues, (_name, pair) => pair.queue),
      pepperSecret: stateful.pepperSecret,
      sessionSecret: stateful.sessionSecret,
      dataKey: stateful.dataKey,
      configurationSetName: stateful.configurationSet.configurationSetName,
      emailTemplatePrefix: stateful.emailTemplatePrefix,
      senderDomains: domains,
    };
    const environment: Record<string, string> = {
      TABLE_NAME: stateful.table.tableName,
      ...Object.fromEntries(
        entriesOf(stateful.queues).map(([name, pair]) => [
          `${name.toUpperCase()}_QUEUE_URL`,
          pair.queue.queueUrl,
        ]),
      ),
      EMAIL_TEMPLATE_PREFIX: stateful.emailTemplatePrefix,
      SENDER_ADDRESS: props.senderAddress,
      SENDER_DOMAINS: domains.join(","),
      SES_CONFIGURATION_SET: resources.configurationSetName,
      PEPPER_SECRET_ARN: stateful.pepperSecret.secretArn,
      SESSION_SECRET_ARN: stateful.sessionSecret.secretArn,
      DATA_KEY_ID: stateful.dataKey.keyArn,
      ...(props.tenantDailyEmailQuota && { EMAIL_TENANT_DAILY_QUOTA: String(props.tenantDailyEmailQuota) }),
    };

    const capabilityStacks = new Map<Capability, NestedStack>();
    const stackOf = (capability: Capability): NestedStack => {
      let stack = capabilityStacks.get(capability);
      if (!stack) {
        stack = new NestedStack(this, constructId(capability), {
          description: `Latchkey ${capability}: functions, their roles, logs, event sources and alarms`,
        });
        capabilityStacks.set(capability, stack);
      }
      return stack;
    };
    this.functions = mapTopology(
      functions,
      (name, declaration) =>
        new ServiceFunction(stackOf(functionCapabilities[name]), constructId(name), {
          declaration,
          resources,
          environment,
          ...(props.projectRoot && { projectRoot: props.projectRoot }),
        }),
    );

    for (const [name, declaration] of entriesOf(queues)) {
      const pair = stateful.queues[name];
      this.functions[declaration.consumer].function.addEventSource(
        new SqsEventSource(pair.queue, {
          batchSize: declaration.batchSize,
          maxConcurrency: declaration.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
      if ("deadLetterConsumer" in declaration) {
        this.functions[declaration.deadLetterConsumer].function.addEventSource(
          new SqsEventSource(pair.deadLetterQueue, {
            batchSize: deadLetterConsumption.batchSize,
            maxConcurrency: deadLetterConsumption.maxConcurrency,
            reportBatchItemFailures: true,
          }),
        );
      }
    }

    this.httpApi = new ServiceHttpApi(this, "HttpApi", {
      routes,
      handlers: mapTopology(this.functions, (_name, fn) => fn.function),
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    // Links in emails point here. Set after the API exists: the API does not depend on the functions' settings.
    const publicBaseUrl = props.publicBaseUrl ?? this.httpApi.url;
    for (const fn of Object.values<ServiceFunction>(this.functions)) {
      fn.function.addEnvironment("PUBLIC_BASE_URL", publicBaseUrl);
    }

    this.addAlarms(stateful);
    new RateLimitWebAcl(this, "RateLimits");

    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url });
  }

  /** A message in a dead-letter queue, or a function error, is something an operator should look at. */
  private addAlarms(stateful: StatefulStack): void {
    for (const [name, pair] of entriesOf(stateful.queues)) {
      pair.deadLetterQueue
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: "Maximum" })
        .createAlarm(this, `${constructId(name)}DeadLetterAlarm`, {
          alarmDescription: `Messages of the ${name} queue were dead-lettered`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
    }
    for (const [name, fn] of entriesOf(this.functions)) {
      // Beside its function, in its capability's nested stack.
      fn.function
        .metricErrors({ period: Duration.minutes(5), statistic: "Sum" })
        .createAlarm(fn, "ErrorsAlarm", {
          alarmDescription: `The ${name} function failed`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
    }
  }
}
