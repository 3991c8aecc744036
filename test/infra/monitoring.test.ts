import { App, type CfnElement, type NestedStack, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { afterAll, describe, expect, it } from "vitest";
import { alarmRunbook } from "../../infra/constructs/runbook.js";
import { ServiceMonitoring, thresholds } from "../../infra/constructs/service-monitoring.js";
import { capabilities } from "../../lib/endpoints/index.js";
import { type FunctionName, functions, queues, serviceMetrics } from "../../lib/topology/index.js";
import { serviceApp } from "./service-app.js";

type Props = Record<string, unknown>;
type Resource = { Type: string; Properties: Props };

/** The app with stub entries, bundling skipped (`service-app.ts`). */
const { stateful, stateless, remove } = serviceApp("monitoring-test");
afterAll(remove);
const monitoring = stateless.monitoring;
const parentResources = Template.fromStack(stateless).toJSON().Resources as Record<string, Resource>;
const resources = Template.fromStack(monitoring).toJSON().Resources as Record<string, Resource>;
const statefulOutputs = Template.fromStack(stateful).toJSON().Outputs as Record<
  string,
  { Value: unknown; Export?: { Name: string } }
>;
const alarms = Object.values(resources)
  .filter((r) => r.Type === "AWS::CloudWatch::Alarm")
  .map((r) => r.Properties);
const topicRef = { Ref: monitoring.getLogicalId(monitoring.topic.node.defaultChild as CfnElement) };

/** The alarm's (first) metric, whether the template writes it flat or as `Metrics[].MetricStat`. */
function metricOf(alarm: Props): { namespace: string; name: string; dimensions: Record<string, unknown> } {
  const stat = (alarm.Metrics as { MetricStat?: { Metric: Props } }[] | undefined)?.find((m) => m.MetricStat)
    ?.MetricStat?.Metric;
  const source = stat ?? alarm;
  const dimensions = (source.Dimensions ?? []) as { Name: string; Value: unknown }[];
  return {
    namespace: source.Namespace as string,
    name: source.MetricName as string,
    dimensions: Object.fromEntries(dimensions.map((d) => [d.Name, d.Value])),
  };
}

/**
 * The function an alarm's `FunctionName` dimension names: `Fn::Select [i, Ref <family>FunctionNames]` → the i-th
 * name the stateless stack joins into that parameter → the capability stack's output → the function resource.
 */
function functionOf(alarm: Props): FunctionName | undefined {
  // The name may be wrapped (an ARN built from it and split again): find the selection from the parameter.
  const found = /\{"Fn::Select":\[(\d+),\{"Ref":"(\w+FunctionNames)"\}\]\}/.exec(
    JSON.stringify(metricOf(alarm).dimensions.FunctionName),
  );
  if (!found) return undefined;
  const [index, parameter] = [Number(found[1]), String(found[2])];
  const monitoringId = stateless.getLogicalId(monitoring.nestedStackResource as CfnElement);
  const joined = parentResources[monitoringId]?.Properties.Parameters as Record<string, unknown>;
  // One name is passed as is, several joined with commas.
  const passed = joined[parameter] as { "Fn::Join"?: [string, unknown[]] };
  const names = passed["Fn::Join"]?.[1] ?? [passed];
  const [stackId, output] = (names[index] as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"];
  for (const [name, fn] of Object.entries(stateless.functions)) {
    const stack = Stack.of(fn.function) as NestedStack;
    if (stateless.getLogicalId(stack.nestedStackResource as CfnElement) !== stackId) continue;
    const outputs = outputsOf(stack);
    const ref = outputs[output.replace(/^Outputs\./, "")]?.Value.Ref;
    if (ref === stack.getLogicalId(fn.function.node.defaultChild as CfnElement)) return name as FunctionName;
  }
  return undefined;
}

const outputCache = new Map<Stack, Record<string, { Value: { Ref?: string } }>>();
function outputsOf(stack: Stack) {
  let outputs = outputCache.get(stack);
  if (!outputs) {
    outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: { Ref?: string } }>;
    outputCache.set(stack, outputs);
  }
  return outputs;
}

/** The stateful export an `Fn::ImportValue` names → its value (e.g. `Fn::GetAtt [queue, QueueName]`). */
function imported(value: unknown): string {
  const name = (value as { "Fn::ImportValue": string })["Fn::ImportValue"];
  return JSON.stringify(Object.values(statefulOutputs).find((o) => o.Export?.Name === name)?.Value);
}

const alarmsOn = (metricName: string) => alarms.filter((a) => metricOf(a).name === metricName);

describe("Monitoring", () => {
  it("sends every alarm to the one SNS topic, with a description that links its runbook section", () => {
    expect(alarms.length).toBeGreaterThan(2 * Object.keys(functions).length);
    const anchors = Object.values(alarmRunbook).map((entry) => entry.anchor);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([topicRef]);
      expect(alarm.AlarmName).toMatch(/^Latchkey-Stateless-/);
      const link = /Runbook: docs\/operations\.md#([a-z0-9-]+)/.exec(String(alarm.AlarmDescription));
      expect(anchors, String(alarm.AlarmName)).toContain(link?.[1]);
    }
  });

  it("alarms on each function's errors and throttles, at the first one", () => {
    for (const metricName of ["Errors", "Throttles"]) {
      const named = alarmsOn(metricName).map((alarm) => {
        expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
        expect(String(alarm.AlarmName)).toContain(functionOf(alarm));
        return functionOf(alarm);
      });
      expect(named.sort()).toEqual(Object.keys(functions).sort());
    }
  });

  it("alarms on any dead letter and on each queue's oldest message", () => {
    const deadLetters = alarmsOn("ApproximateNumberOfMessagesVisible");
    const ages = alarmsOn("ApproximateAgeOfOldestMessage");
    expect(deadLetters).toHaveLength(Object.keys(queues).length);
    expect(ages).toHaveLength(Object.keys(queues).length);
    for (const [name, pair] of Object.entries(stateful.queues)) {
      const dlq = stateful.getLogicalId(pair.deadLetterQueue.node.defaultChild as CfnElement);
      const source = stateful.getLogicalId(pair.queue.node.defaultChild as CfnElement);
      const onDlq = deadLetters.find((a) => imported(metricOf(a).dimensions.QueueName).includes(`"${dlq}"`));
      expect(onDlq, name).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      const onAge = ages.find((a) => imported(metricOf(a).dimensions.QueueName).includes(`"${source}"`));
      expect(onAge?.Threshold, name).toBe({ fanout: 600, work: 900, email: 3600 }[name]);
    }
  });

  it("alarms on every job message and email the dead-letter consumers record as failed", () => {
    for (const metric of [serviceMetrics.jobMessagesDeadLettered, serviceMetrics.emailsDeadLettered]) {
      const [alarm, ...others] = alarmsOn(metric);
      expect(others, metric).toHaveLength(0);
      expect(metricOf(alarm as Props), metric).toMatchObject({
        namespace: "Latchkey",
        dimensions: { service: "latchkey" },
      });
      expect(alarm, metric).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(JSON.stringify(alarm)).toContain("alarm-messages-dead-lettered");
    }
  });

  it("alarms on the API's 5xx rate and on sign-in p99", () => {
    const [api5xx, ...others] = alarmsOn("5xx");
    expect(others).toHaveLength(0);
    expect(metricOf(api5xx as Props)).toMatchObject({ namespace: "AWS/ApiGateway" });
    expect(api5xx).toMatchObject({
      Threshold: thresholds.api5xxRate,
      ComparisonOperator: "GreaterThanThreshold",
    });
    const latency = alarmsOn("Duration");
    expect(latency.map(functionOf).sort()).toEqual(["create-session", "sign-in-form"]);
    for (const alarm of latency) {
      expect(alarm).toMatchObject({ Threshold: thresholds.signInP99.toMilliseconds(), EvaluationPeriods: 3 });
      expect(JSON.stringify(alarm)).toContain('"p99"');
    }
  });

  it("alarms on the account's SES bounce and complaint rates and on table throttles", () => {
    expect(alarmsOn("Reputation.BounceRate")).toMatchObject([{ Threshold: thresholds.sesBounceRate }]);
    expect(alarmsOn("Reputation.ComplaintRate")).toMatchObject([{ Threshold: thresholds.sesComplaintRate }]);
    for (const alarm of [...alarmsOn("Reputation.BounceRate"), ...alarmsOn("Reputation.ComplaintRate")]) {
      expect(metricOf(alarm)).toMatchObject({ namespace: "AWS/SES", dimensions: {} });
    }
    expect(alarmsOn("ReadThrottleEvents").length + alarmsOn("WriteThrottleEvents").length).toBe(2);
  });

  it("draws one dashboard: every route family, queue, the table, SES and the service's metrics", () => {
    const dashboards = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Dashboard");
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe("Latchkey-Stateless");
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const family of Object.keys(capabilities)) expect(body).toContain(`${family}: Lambda errors`);
    for (const family of ["jobs", "emails"]) expect(body).toContain(`${family}: Lambda duration p99`);
    for (const metric of Object.values(serviceMetrics)) expect(body).toContain(`\\"${metric}\\"`);
    for (const metric of [
      "ConsumedReadCapacityUnits",
      "Reputation.BounceRate",
      "ApproximateAgeOfOldestMessage",
    ]) {
      expect(body).toContain(metric);
    }
    // CloudWatch takes 500 widgets and 1 MB per dashboard; CloudFormation 1 MB per template.
    expect((body.match(/\\"type\\":/g) ?? []).length).toBeLessThan(500);
    // Written unindented (the CDK warns at synth when a template as written passes 1 MB).
    expect(JSON.stringify(Template.fromStack(monitoring).toJSON()).length).toBeLessThan(800_000);
    const warnings = monitoring.node.metadata.filter((entry) => entry.type === "aws:cdk:warning");
    expect(warnings.map((entry) => JSON.stringify(entry.data))).not.toContainEqual(
      expect.stringContaining("Template size"),
    );
  });

  it("subscribes an email address to the alarm topic only when one is given", () => {
    expect(Object.values(resources).filter((r) => r.Type === "AWS::SNS::Subscription")).toHaveLength(0);
    const build = (id: string, alarmEmail?: string) => {
      const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "Small");
      return new ServiceMonitoring(stack, id, {
        namePrefix: id,
        api: new apigw.HttpApi(stack, `${id}Api`),
        functions: [
          {
            name: "health",
            routeFamily: "service",
            serves: "routes",
            function: new lambda.Function(stack, `${id}Fn`, {
              runtime: lambda.Runtime.NODEJS_22_X,
              handler: "index.handler",
              code: lambda.Code.fromInline("exports.handler = async () => ({})"),
            }),
          },
        ],
        queues: {
          work: { queue: new sqs.Queue(stack, `${id}Q`), deadLetterQueue: new sqs.Queue(stack, `${id}D`) },
        },
        maxMessageAgeSeconds: { work: 60 },
        table: new dynamodb.Table(stack, `${id}T`, {
          partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
        }),
        signInFunctions: [],
        alarmEmail,
      });
    };
    const subscriptions = (m: ServiceMonitoring) =>
      Template.fromStack(m).findResources("AWS::SNS::Subscription") as Record<string, Resource>;
    expect(Object.values(subscriptions(build("Without")))).toHaveLength(0);
    expect(Object.values(subscriptions(build("With", "ops@example.org")))).toMatchObject([
      { Properties: { Protocol: "email", Endpoint: "ops@example.org" } },
    ]);
  });
});
