import { CfnParameter, Duration, Fn, NestedStack, type NestedStackProps } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import {
  type AlarmFactory,
  DefaultDashboardFactory,
  LatencyType,
  MonitoringFacade,
  SnsAlarmActionStrategy,
} from "cdk-monitoring-constructs";
import type { Construct } from "constructs";
import { serviceMetrics } from "../../lib/topology/metrics.js";
import {
  type FamilyFunction,
  routeFamilyRow,
  serviceMetric,
  serviceMetricsRow,
  sesMetric,
  sesRow,
} from "./monitoring-widgets.js";
import { alarmRunbook, type RunbookEntry, runbookPath } from "./runbook.js";
import { constructId } from "./topology-names.js";

/** One deployed function, as the monitoring sees it. */
export type MonitoredFunction = {
  name: string;
  routeFamily: string;
  serves: "routes" | "queue";
  function: lambda.IFunction;
};

export type ServiceMonitoringProps = NestedStackProps & {
  /** Literal prefix of the dashboard's and the alarms' names (the parent stack's name): unique per account. */
  namePrefix: string;
  api: apigw.IHttpApi;
  functions: MonitoredFunction[];
  queues: Record<string, { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue }>;
  /** Oldest message age that alarms, per queue. */
  maxMessageAgeSeconds: Record<string, number>;
  table: dynamodb.ITable;
  /** Functions whose p99 duration is sign-in latency. */
  signInFunctions: readonly string[];
  /** Subscribed to the alarm topic by email (`-c alarmEmail=…`). */
  alarmEmail?: string;
  /** Where the runbook is published (an URL or a repository path); alarm descriptions link `<base>#<anchor>`. */
  runbookBase?: string;
};

/** Thresholds an operator may want to tune, in one place. */
export const thresholds = {
  api5xxRate: 0.01,
  signInP99: Duration.seconds(2),
  sesBounceRate: 0.05,
  sesComplaintRate: 0.001,
} as const;

/**
 * The operator's view in the AWS console, as one nested stack: an SNS topic every alarm notifies (with an email
 * subscription when asked), the alarms, and one CloudWatch dashboard, built with cdk-monitoring-constructs'
 * `MonitoringFacade` (its API, queue, table and Lambda segments come with tested metric math, annotations and
 * alarm naming). The ~160 function names reach this stack as one comma-separated parameter per route family, not
 * one parameter each: a template takes at most 200 parameters.
 */
export class ServiceMonitoring extends NestedStack {
  readonly topic: sns.Topic;
  readonly facade: MonitoringFacade;
  readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    const families = groupByFamily(props.functions);
    super(scope, id, {
      ...props,
      description: "Latchkey monitoring: dashboard, alarms and their SNS topic",
      // ~330 alarms and the dashboard: indented, the template would pass CloudFormation's 1 MB; unindented ~0.6 MB.
      suppressTemplateIndentation: true,
      parameters: Object.fromEntries(
        [...families].map(([family, fns]) => [
          familyParameter(family),
          Fn.join(
            ",",
            fns.map((fn) => fn.function.functionName),
          ),
        ]),
      ),
    });
    const runbook = props.runbookBase ?? runbookPath;
    const describe = (entry: RunbookEntry, subject = "") => ({
      alarmDescriptionOverride: alarmRunbook[entry].text(subject),
      runbookLink: `${runbook}#${alarmRunbook[entry].anchor}`,
    });

    this.topic = new sns.Topic(this, "AlarmTopic", { displayName: `${props.namePrefix} alarms` });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    this.dashboardName = props.namePrefix;
    this.facade = new MonitoringFacade(this, "Monitoring", {
      alarmFactoryDefaults: {
        alarmNamePrefix: props.namePrefix,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: this.topic, onOkTopic: this.topic }),
        datapointsToAlarm: 1,
        evaluationPeriods: 1,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, "Dashboards", {
        dashboardNamePrefix: this.dashboardName,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    const facade = this.facade;

    facade.addLargeHeader(`Latchkey — what each row means: ${runbook}#read-the-dashboard`);
    facade.monitorApiGatewayV2HttpApi({
      api: props.api,
      alarmFriendlyName: "Api",
      humanReadableName: "HTTP API (all routes)",
      latencyTypesToRender: [LatencyType.P50, LatencyType.P99],
      add5xxRateAlarm: { Critical: { maxErrorRate: thresholds.api5xxRate, ...describe("api5xx") } },
    });

    facade.addLargeHeader("Route families (capabilities of lib/endpoints) and their functions");
    const resolved = new Map<string, FamilyFunction[]>();
    for (const [family, fns] of families) {
      const names = new CfnParameter(this, familyParameter(family), { type: "CommaDelimitedList" });
      resolved.set(
        family,
        fns.map((fn, i) => ({
          name: fn.name,
          serves: fn.serves,
          functionName: Fn.select(i, names.valueAsList),
        })),
      );
    }
    for (const [family, fns] of resolved) {
      facade.addWidget(new cloudwatch.Row(...routeFamilyRow(family, fns)));
    }
    for (const fn of [...resolved.values()].flat()) {
      const signIn = props.signInFunctions.includes(fn.name);
      facade.monitorLambdaFunction({
        lambdaFunction: lambda.Function.fromFunctionName(
          this,
          `${constructId(fn.name)}Function`,
          fn.functionName,
        ),
        alarmFriendlyName: fn.name,
        humanReadableName: fn.name,
        addToDetailDashboard: false,
        addToSummaryDashboard: false,
        addToAlarmDashboard: false,
        addFaultCountAlarm: { Critical: { maxErrorCount: 0, ...describe("functionErrors", fn.name) } },
        addThrottlesCountAlarm: { Critical: { maxErrorCount: 0, ...describe("functionThrottles", fn.name) } },
        ...(signIn && {
          addLatencyP99Alarm: {
            Critical: {
              maxLatency: thresholds.signInP99,
              datapointsToAlarm: 3,
              evaluationPeriods: 3,
              ...describe("signInLatency", fn.name),
            },
          },
        }),
      });
    }

    facade.addLargeHeader("Queues: depth, age of the oldest message, dead letters");
    for (const [name, pair] of Object.entries(props.queues)) {
      facade.monitorSqsQueueWithDlq({
        queue: pair.queue,
        deadLetterQueue: pair.deadLetterQueue,
        alarmFriendlyName: `${name}-queue`,
        humanReadableName: `${name} queue`,
        addQueueMaxMessageAgeAlarm: {
          Critical: {
            maxAgeInSeconds: props.maxMessageAgeSeconds[name] ?? 900,
            ...describe("oldestMessage", name),
          },
        },
        addDeadLetterQueueMaxSizeAlarm: {
          Critical: { maxMessageCount: 0, ...describe("deadLetters", name) },
        },
      });
    }

    facade.addLargeHeader("DynamoDB table, SES and the service's own metrics");
    facade.monitorDynamoTable({
      table: props.table,
      alarmFriendlyName: "table",
      humanReadableName: "Latchkey table",
      addReadThrottledEventsCountAlarm: {
        Critical: { maxThrottledEventsThreshold: 0, ...describe("tableThrottles") },
      },
      addWriteThrottledEventsCountAlarm: {
        Critical: { maxThrottledEventsThreshold: 0, ...describe("tableThrottles") },
      },
    });
    facade.addWidget(new cloudwatch.Row(...sesRow()));
    this.addSesAlarms(facade.createAlarmFactory("ses"), describe);
    facade.addWidget(new cloudwatch.Row(...serviceMetricsRow()));
    this.addDeadLetteredAlarms(facade.createAlarmFactory("dead-lettered"), describe);
  }

  /**
   * The dead-letter consumers record a dead letter at once (a job's rows or an email as failed) and so empty their
   * queues: a DLQ's depth alone would never tell that something was given up. These alarm on each one recorded.
   */
  private addDeadLetteredAlarms(
    factory: AlarmFactory,
    describe: (
      entry: RunbookEntry,
      subject: string,
    ) => { alarmDescriptionOverride: string; runbookLink: string },
  ): void {
    const alarm = (metricName: string, suffix: string, what: string) =>
      factory.addAlarm(serviceMetric(metricName, what), {
        alarmNameSuffix: suffix,
        alarmDescription: describe("deadLettered", what).alarmDescriptionOverride,
        ...describe("deadLettered", what),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    alarm(serviceMetrics.jobMessagesDeadLettered, "JobMessagesDeadLettered", "Job messages");
    alarm(serviceMetrics.emailsDeadLettered, "EmailsDeadLettered", "Emails");
  }

  /** Account-level SES reputation: SES itself reviews, then pauses, an account above these rates. */
  private addSesAlarms(
    factory: AlarmFactory,
    describe: (entry: RunbookEntry) => { alarmDescriptionOverride: string; runbookLink: string },
  ): void {
    const rate = (
      metricName: string,
      suffix: string,
      threshold: number,
      entry: "sesBounceRate" | "sesComplaintRate",
    ) =>
      factory.addAlarm(sesMetric(metricName, "Maximum", metricName) as cloudwatch.Metric, {
        alarmNameSuffix: suffix,
        alarmDescription: describe(entry).alarmDescriptionOverride,
        ...describe(entry),
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        period: Duration.hours(1),
      });
    rate("Reputation.BounceRate", "BounceRate", thresholds.sesBounceRate, "sesBounceRate");
    rate("Reputation.ComplaintRate", "ComplaintRate", thresholds.sesComplaintRate, "sesComplaintRate");
  }
}

function familyParameter(family: string): string {
  return `${constructId(family)}FunctionNames`;
}

function groupByFamily(functions: MonitoredFunction[]): Map<string, MonitoredFunction[]> {
  const families = new Map<string, MonitoredFunction[]>();
  for (const fn of functions) {
    families.set(fn.routeFamily, [...(families.get(fn.routeFamily) ?? []), fn]);
  }
  return families;
}
