import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import {
  metricsNamespace,
  metricsService,
  routeFamilyMetrics,
  serviceMetrics,
} from "../../lib/topology/metrics.js";

/**
 * The dashboard rows cdk-monitoring-constructs has no segment for: one row per route family (requests by outcome
 * from the service's own metrics, latency and Lambda health of the family's functions) and the service's own
 * counters. Lines are built from the topology, so a new route or function appears without editing this file.
 */

const period = Duration.minutes(5);

/** A function of a route family, as the dashboard sees it: its topology name and its (deployed) function name. */
export type FamilyFunction = { name: string; functionName: string; serves: "routes" | "queue" };

const lambdaMetric = (functionName: string, metricName: string, statistic: string, label: string) =>
  new cloudwatch.Metric({
    namespace: "AWS/Lambda",
    metricName,
    dimensionsMap: { FunctionName: functionName },
    statistic,
    period,
    label,
  });

const familyMetric = (family: string, metricName: string, label: string) =>
  new cloudwatch.Metric({
    namespace: metricsNamespace,
    metricName,
    dimensionsMap: { service: metricsService, [routeFamilyMetrics.dimension]: family },
    statistic: "Sum",
    period,
    label,
  });

/** `MAX` or `SUM` of one statistic over the family's functions, as one line. */
function across(
  functions: FamilyFunction[],
  metricName: string,
  statistic: string,
  fold: "MAX" | "SUM",
  label: string,
): cloudwatch.IMetric {
  const usingMetrics = Object.fromEntries(
    // Ids unique within a graph that draws several of these lines.
    functions.map((fn, i) => [
      `${statistic.toLowerCase().replace(/[^a-z0-9]/g, "")}${metricName.toLowerCase()}${i}`,
      lambdaMetric(fn.functionName, metricName, statistic, fn.name),
    ]),
  );
  return new cloudwatch.MathExpression({
    expression: `${fold}([${Object.keys(usingMetrics).join(",")}])`,
    usingMetrics,
    label,
    period,
  });
}

/**
 * One route family's row: requests, 4xx and 5xx (the middleware's count per family) with p50/p99 latency (the
 * slowest function of the family); errors and throttles, and duration p99 and concurrency per function.
 */
export function routeFamilyRow(family: string, functions: FamilyFunction[]): cloudwatch.IWidget[] {
  const routes = functions.filter((fn) => fn.serves === "routes");
  const widgets: cloudwatch.IWidget[] = [];
  if (routes.length > 0) {
    widgets.push(
      new cloudwatch.GraphWidget({
        title: `${family}: requests, 4xx, 5xx · latency p50/p99 (slowest route)`,
        width: 8,
        height: 6,
        left: [
          familyMetric(family, routeFamilyMetrics.requests, "requests"),
          familyMetric(family, routeFamilyMetrics.clientErrors, "4xx"),
          familyMetric(family, routeFamilyMetrics.serverErrors, "5xx"),
        ],
        right: [
          across(routes, "Duration", "p50", "MAX", "p50 ms"),
          across(routes, "Duration", "p99", "MAX", "p99 ms"),
        ],
        leftYAxis: { min: 0, label: "count", showUnits: false },
        rightYAxis: { min: 0, label: "ms", showUnits: false },
      }),
    );
  }
  widgets.push(
    new cloudwatch.GraphWidget({
      title: `${family}: Lambda errors and throttles`,
      width: routes.length > 0 ? 8 : 12,
      height: 6,
      left: [
        ...functions.map((fn) => lambdaMetric(fn.functionName, "Errors", "Sum", `${fn.name} errors`)),
        ...functions.map((fn) => lambdaMetric(fn.functionName, "Throttles", "Sum", `${fn.name} throttles`)),
      ],
      leftYAxis: { min: 0, showUnits: false },
    }),
    new cloudwatch.GraphWidget({
      title: `${family}: Lambda duration p99 · concurrency`,
      width: routes.length > 0 ? 8 : 12,
      height: 6,
      left: functions.map((fn) => lambdaMetric(fn.functionName, "Duration", "p99", `${fn.name} p99 ms`)),
      right: functions.map((fn) =>
        lambdaMetric(fn.functionName, "ConcurrentExecutions", "Maximum", `${fn.name} concurrency`),
      ),
      leftYAxis: { min: 0, label: "ms", showUnits: false },
      rightYAxis: { min: 0, showUnits: false },
    }),
  );
  return widgets;
}

export const serviceMetric = (metricName: string, label: string) =>
  new cloudwatch.Metric({
    namespace: metricsNamespace,
    metricName,
    dimensionsMap: { service: metricsService },
    statistic: "Sum",
    period,
    label,
  });

/** The service's own counters: bulk jobs, regenerated users, emails, lockouts. */
export function serviceMetricsRow(): cloudwatch.IWidget[] {
  const m = serviceMetrics;
  return [
    new cloudwatch.GraphWidget({
      title: "Jobs: started, finished, failed · users regenerated",
      width: 8,
      height: 6,
      left: [
        serviceMetric(m.jobsStarted, "started"),
        serviceMetric(m.jobsFinished, "finished"),
        serviceMetric(m.jobsFailed, "failed"),
      ],
      right: [
        serviceMetric(m.usersRegenerated, "users regenerated"),
        serviceMetric(m.jobMessagesDeadLettered, "job messages dead-lettered"),
      ],
      leftYAxis: { min: 0, showUnits: false },
      rightYAxis: { min: 0, showUnits: false },
    }),
    new cloudwatch.GraphWidget({
      title: "Emails: sent, deferred, failed attempts, dead-lettered",
      width: 8,
      height: 6,
      left: [
        serviceMetric(m.emailsSent, "sent"),
        serviceMetric(m.emailsDeferred, "deferred"),
        serviceMetric(m.emailsFailed, "failed attempts"),
        serviceMetric(m.emailsDeadLettered, "dead-lettered"),
      ],
      leftYAxis: { min: 0, showUnits: false },
    }),
    new cloudwatch.GraphWidget({
      title: "Lockouts (checks refused on a locked credential)",
      width: 8,
      height: 6,
      left: [serviceMetric(m.lockouts, "lockouts")],
      leftYAxis: { min: 0, showUnits: false },
    }),
  ];
}

/** SES's account-level metrics (no dimensions): what was sent, delivered, bounced and complained about. */
export const sesMetric = (metricName: string, statistic: string, label: string) =>
  new cloudwatch.Metric({ namespace: "AWS/SES", metricName, statistic, period, label });

export function sesRow(): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: "SES (account): sends, deliveries, bounces, complaints, rejects",
      width: 12,
      height: 6,
      left: [
        sesMetric("Send", "Sum", "sends"),
        sesMetric("Delivery", "Sum", "deliveries"),
        sesMetric("Bounce", "Sum", "bounces"),
        sesMetric("Complaint", "Sum", "complaints"),
        sesMetric("Reject", "Sum", "rejects"),
      ],
      leftYAxis: { min: 0, showUnits: false },
    }),
    new cloudwatch.GraphWidget({
      title: "SES (account): bounce and complaint rate",
      width: 12,
      height: 6,
      left: [
        sesMetric("Reputation.BounceRate", "Maximum", "bounce rate"),
        sesMetric("Reputation.ComplaintRate", "Maximum", "complaint rate"),
      ],
      leftYAxis: { min: 0, showUnits: false },
    }),
  ];
}
