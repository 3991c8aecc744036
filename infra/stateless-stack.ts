import { CfnOutput, NestedStack, Stack, type StackProps } from "aws-cdk-lib";
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
  routeFamilyMetrics,
  routes,
} from "../lib/topology/index.js";
import { RateLimitWebAcl } from "./constructs/rate-limit-web-acl.js";
import { ServiceFunction, type ServiceResources } from "./constructs/service-function.js";
import { ServiceHttpApi } from "./constructs/service-http-api.js";
import { ServiceMonitoring } from "./constructs/service-monitoring.js";
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
  /** Subscribed by email to the alarm topic (`-c alarmEmail=ops@example.org`). */
  alarmEmail?: string;
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
  readonly monitoring: ServiceMonitoring;

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
          // The route family names the dimension of the function's request counts (the dashboard's rows).
          environment: { ...environment, [routeFamilyMetrics.environment]: functionCapabilities[name] },
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

    this.monitoring = this.addMonitoring(stateful, props.alarmEmail);
    new RateLimitWebAcl(this, "RateLimits");

    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url });
    new CfnOutput(this, "AlarmTopicArn", { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, "DashboardUrl", {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${this.monitoring.dashboardName}`,
    });
  }

  /**
   * The dashboard and every alarm, in their own nested stack (this stack is near CloudFormation's 500 resources):
   * each function's errors and throttles, sign-in p99, API 5xx rate, each queue's dead letters and oldest message,
   * table throttles and SES reputation, all notifying one SNS topic.
   */
  private addMonitoring(stateful: StatefulStack, alarmEmail: string | undefined): ServiceMonitoring {
    const routed = new Set<string>(routes.map((route) => route.function));
    return new ServiceMonitoring(this, "Monitoring", {
      namePrefix: this.stackName,
      api: this.httpApi.api,
      functions: entriesOf(this.functions).map(([name, fn]) => ({
        name,
        routeFamily: functionCapabilities[name],
        serves: routed.has(name) ? "routes" : "queue",
        function: fn.function,
      })),
      queues: mapTopology(stateful.queues, (_name, pair) => pair),
      // A work chunk takes seconds; emails may wait for the account's rate, so theirs is longer.
      maxMessageAgeSeconds: { fanout: 600, work: 900, email: 3600 },
      table: stateful.table,
      signInFunctions: ["create-session", "sign-in-form"] satisfies FunctionName[],
      alarmEmail,
    });
  }
}
