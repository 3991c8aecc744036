import { type CfnElement, NestedStack, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { entriesOf } from "../../infra/constructs/topology-names.js";
import {
  defaultRouteFunction,
  type FunctionName,
  functions,
  queues,
  routes,
} from "../../lib/topology/index.js";
import { serviceApp } from "./service-app.js";

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, unknown>>;
};

/** The app with stub entries, bundling skipped (`service-app.ts`). */
const { stateful, stateless, remove } = serviceApp("infra-test");
afterAll(remove);

/** The template's resources, with `Properties` always present. */
function resourcesOf(from: Template): Record<string, Resource> {
  const raw = from.toJSON().Resources as Record<string, Omit<Resource, "Properties"> & Partial<Resource>>;
  return Object.fromEntries(
    Object.entries(raw).map(([id, r]) => [id, { ...r, Properties: r.Properties ?? {} }]),
  );
}

const statefulTemplate = Template.fromStack(stateful);
const template = Template.fromStack(stateless);
const resources = resourcesOf(template);
const statefulResources = resourcesOf(statefulTemplate);

/** A template of the app: the stateless stack itself or one capability's nested stack. */
type Place = { stack: Stack; template: Template; resources: Record<string, Resource> };
const parent: Place = { stack: stateless, template, resources };
const capabilityStacks: Place[] = stateless.node.children
  .filter((child): child is NestedStack => child instanceof NestedStack)
  .map((stack) => {
    const nestedTemplate = Template.fromStack(stack);
    return { stack, template: nestedTemplate, resources: resourcesOf(nestedTemplate) };
  });
const places = [parent, ...capabilityStacks];

function ofType(type: string, from = resources): [string, Resource][] {
  return Object.entries(from).filter(([, resource]) => resource.Type === type);
}

/** Every resource of a type in the stateless stack and its nested stacks, with the template it is in. */
function everywhere(type: string): [string, Resource, Place][] {
  return places.flatMap((place) =>
    ofType(type, place.resources).map(([id, r]): [string, Resource, Place] => [id, r, place]),
  );
}

/** The nested stack (a capability's) that holds a function. */
function placeOf(name: FunctionName): Place {
  const stack = Stack.of(stateless.functions[name].function);
  const place = places.find((p) => p.stack === stack);
  if (!place) throw new Error(`no stack for ${name}`);
  return place;
}

function functionId(name: FunctionName): string {
  return placeOf(name).stack.getLogicalId(stateless.functions[name].function.node.defaultChild as CfnElement);
}

function functionResource(name: FunctionName): Resource {
  const resource = placeOf(name).resources[functionId(name)];
  if (!resource) throw new Error(`no function ${name}`);
  return resource;
}

/** Each nested stack's parameters (`Ref`s anywhere in a value) → the values the stateless stack passes them. */
function resolveParameter(place: Place, value: unknown): unknown {
  if (place === parent || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => resolveParameter(place, item));
  const name = (value as { Ref?: string }).Ref;
  if (name !== undefined) {
    const id = stateless.getLogicalId((place.stack as NestedStack).nestedStackResource as CfnElement);
    const passed = (resources[id]?.Properties.Parameters as Record<string, unknown> | undefined)?.[name];
    return passed === undefined ? value : passed;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveParameter(place, v)]));
}

/** `Fn::GetAtt [nested stack, Outputs.X]` in the stateless stack → the output's value in the nested template. */
function resolveOutput(value: unknown): { place: Place; value: unknown } {
  const [id, attribute] = (value as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"] ?? [];
  const place = capabilityStacks.find(
    (p) => stateless.getLogicalId((p.stack as NestedStack).nestedStackResource as CfnElement) === id,
  );
  if (!place || !attribute?.startsWith("Outputs.")) return { place: parent, value };
  const outputs = place.template.toJSON().Outputs as Record<string, { Value: unknown }>;
  return { place, value: outputs[attribute.slice("Outputs.".length)]?.Value };
}

/** `Fn::ImportValue` of a stateful export → the exported value in the stateful template. */
function resolveImport(value: unknown): unknown {
  const name = (value as { "Fn::ImportValue"?: string })["Fn::ImportValue"];
  if (name === undefined) return value;
  const outputs = statefulTemplate.toJSON().Outputs as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >;
  const output = Object.values(outputs).find((o) => o.Export?.Name === name);
  if (!output) throw new Error(`no export ${name}`);
  return output.Value;
}

/** Every statement of the policies attached to the function's execution role. */
function statementsOf(name: FunctionName): Statement[] {
  const role = functionResource(name).Properties.Role as { "Fn::GetAtt": [string, string] };
  const roleId = role["Fn::GetAtt"][0];
  return ofType("AWS::IAM::Policy", placeOf(name).resources)
    .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(name: FunctionName): string[] {
  return statementsOf(name).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

function allPolicyStatements(): Statement[] {
  return [
    ...everywhere("AWS::IAM::Policy").map(([id, policy]) => [id, policy] as const),
    ...ofType("AWS::IAM::Policy", statefulResources),
  ].flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const functionNames = Object.keys(functions) as FunctionName[];

describe("StatelessStack", () => {
  it("creates one Node.js 22 function per declared function, sized as declared", () => {
    expect(everywhere("AWS::Lambda::Function")).toHaveLength(functionNames.length);
    for (const name of functionNames) {
      const declaration = functions[name];
      expect(functionResource(name).Properties, name).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["x86_64"],
        Handler: "index.handler",
        Timeout: declaration.timeoutSeconds,
        MemorySize: declaration.memoryMb,
        Description: declaration.description,
        TracingConfig: { Mode: "Active" },
      });
    }
  });

  it("traces every function with X-Ray: tracing active and the role may send traces", () => {
    for (const name of functionNames) {
      expect(functionResource(name).Properties.TracingConfig, name).toEqual({ Mode: "Active" });
      expect(actionsOf(name), name).toEqual(
        expect.arrayContaining(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]),
      );
    }
  });

  it("gives every function the environment lib/config.ts expects", () => {
    const expected = [
      "NODE_OPTIONS",
      "POWERTOOLS_SERVICE_NAME",
      "POWERTOOLS_METRICS_NAMESPACE",
      "TABLE_NAME",
      "FANOUT_QUEUE_URL",
      "WORK_QUEUE_URL",
      "EMAIL_QUEUE_URL",
      "EMAIL_TEMPLATE_PREFIX",
      "SENDER_ADDRESS",
      "SENDER_DOMAINS",
      "PUBLIC_BASE_URL",
      "SES_CONFIGURATION_SET",
      "PEPPER_SECRET_ARN",
      "SESSION_SECRET_ARN",
      "DATA_KEY_ID",
      "LATCHKEY_ROUTE_FAMILY",
    ];
    for (const name of functionNames) {
      const variables = (
        functionResource(name).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect(Object.keys(variables).sort(), name).toEqual([...expected].sort());
      expect(variables.EMAIL_TEMPLATE_PREFIX).toBe("Latchkey-Stateful-");
      expect(variables.SENDER_ADDRESS).toBe("no-reply@example.com");
      expect(variables.SENDER_DOMAINS).toBe("example.com");
      expect(variables.NODE_OPTIONS).toBe("--enable-source-maps");
      // Links in emails: the HTTP API's own URL (no custom domain given), never a request's Host header.
      const [[apiId]] = ofType("AWS::ApiGatewayV2::Api") as [[string, Resource]];
      expect(JSON.stringify(resolveParameter(placeOf(name), variables.PUBLIC_BASE_URL))).toContain(apiId);
    }
  });

  it("logs every function to its own log group with a retention", () => {
    for (const name of functionNames) {
      const logGroup = functionResource(name).Properties.LoggingConfig as { LogGroup: { Ref: string } };
      expect(placeOf(name).resources[logGroup.LogGroup.Ref], name).toMatchObject({
        Type: "AWS::Logs::LogGroup",
        Properties: { RetentionInDays: 30 },
      });
    }
  });

  it("attaches the argon2 layer to exactly the functions declared with argon2", () => {
    template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
    const [[layerId]] = ofType("AWS::Lambda::LayerVersion") as [[string, Resource]];
    for (const name of functionNames) {
      const layers = ((functionResource(name).Properties.Layers as unknown[] | undefined) ?? []).map(
        (layer) => resolveParameter(placeOf(name), layer),
      );
      const declaration: { argon2?: boolean } = functions[name];
      expect(layers, name).toEqual(declaration.argon2 ? [{ Ref: layerId }] : []);
    }
  });

  it("routes every declared route to its function, and what no route matches to the $default function", () => {
    // One per declared route, plus `$default`.
    template.resourceCountIs("AWS::ApiGatewayV2::Route", routes.length + 1);
    const routeResources = ofType("AWS::ApiGatewayV2::Route");
    const targets = [
      ...routes.map((route) => ({ routeKey: `${route.method} ${route.path}`, function: route.function })),
      { routeKey: "$default", function: defaultRouteFunction },
    ];
    for (const route of targets) {
      const routeKey = route.routeKey;
      const found = routeResources.find(([, r]) => r.Properties.RouteKey === routeKey);
      expect(found, routeKey).toBeDefined();
      const target = found?.[1].Properties.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
      const integration = resources[target["Fn::Join"][1][1].Ref];
      expect(integration?.Properties, routeKey).toMatchObject({
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
      });
      const uri = resolveOutput(integration?.Properties.IntegrationUri);
      expect(uri.place, routeKey).toBe(placeOf(route.function));
      expect(uri.value, routeKey).toEqual({ "Fn::GetAtt": [functionId(route.function), "Arn"] });
    }
  });

  it("throttles the default stage and writes access logs", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const [[, stage]] = ofType("AWS::ApiGatewayV2::Stage") as [[string, Resource]];
    const destination = (stage.Properties.AccessLogSettings as { DestinationArn: { "Fn::GetAtt": [string] } })
      .DestinationArn["Fn::GetAtt"][0];
    expect(resources[destination]?.Type).toBe("AWS::Logs::LogGroup");
  });

  it("reports partial batch failures from every event source mapping", () => {
    const mappings = everywhere("AWS::Lambda::EventSourceMapping");
    const deadLetterConsumers = Object.values(queues).filter((q) => "deadLetterConsumer" in q).length;
    expect(mappings).toHaveLength(Object.keys(queues).length + deadLetterConsumers);
    for (const [id, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes, id).toEqual(["ReportBatchItemFailures"]);
    }
  });

  it("keeps every source queue's visibility timeout at least 6 × its consumer's timeout", () => {
    for (const [id, mapping, place] of everywhere("AWS::Lambda::EventSourceMapping")) {
      const queueArn = resolveImport(resolveParameter(place, mapping.Properties.EventSourceArn)) as {
        "Fn::GetAtt": [string, string];
      };
      const queue = statefulResources[queueArn["Fn::GetAtt"][0]];
      expect(queue?.Type, id).toBe("AWS::SQS::Queue");
      const consumer = place.resources[(mapping.Properties.FunctionName as { Ref: string }).Ref];
      expect(consumer?.Type, id).toBe("AWS::Lambda::Function");

      const visibility = (queue?.Properties.VisibilityTimeout as number | undefined) ?? 30;
      const timeout = (consumer?.Properties.Timeout as number | undefined) ?? 3;
      expect(visibility, id).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it("consumes each queue with its declared consumer, batch size and concurrency", () => {
    for (const [name, declaration] of entriesOf(queues)) {
      const queueId = stateful.getLogicalId(stateful.queues[name].queue.node.defaultChild as CfnElement);
      const mapping = everywhere("AWS::Lambda::EventSourceMapping").find(
        ([, m, place]) =>
          (
            resolveImport(resolveParameter(place, m.Properties.EventSourceArn)) as {
              "Fn::GetAtt": [string];
            }
          )["Fn::GetAtt"][0] === queueId,
      );
      expect(mapping?.[2], name).toBe(placeOf(declaration.consumer));
      expect(mapping?.[1].Properties, name).toMatchObject({
        FunctionName: { Ref: functionId(declaration.consumer) },
        BatchSize: declaration.batchSize,
        ScalingConfig: { MaximumConcurrency: declaration.maxConcurrency },
      });
    }
  });

  it("never allows a DynamoDB action on every resource", () => {
    for (const statement of allPolicyStatements()) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resourceList = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (actions.some((action) => action.startsWith("dynamodb:"))) {
        expect(resourceList).not.toContain("*");
      }
    }
  });

  it("grants each function only what its declaration lists", () => {
    for (const name of functionNames) {
      const access: readonly string[] = functions[name].access;
      const actions = actionsOf(name);
      expect(actions.includes("dynamodb:GetItem"), `${name} read`).toBe(access.includes("table:read"));
      expect(actions.includes("dynamodb:PutItem"), `${name} write`).toBe(access.includes("table:write"));
      expect(actions.includes("sqs:SendMessage"), `${name} send`).toBe(
        access.some((a) => a.startsWith("queue:")),
      );
      expect(actions.includes("secretsmanager:GetSecretValue"), `${name} secrets`).toBe(
        access.some((a) => a.startsWith("secret:")),
      );
      expect(actions.includes("ses:SendEmail"), `${name} email`).toBe(access.includes("ses:send"));
      // The table's own key grants "kms:GenerateDataKey*"; only sealing functions get the data key itself.
      expect(actions.includes("kms:GenerateDataKey"), `${name} data key`).toBe(
        access.includes("kms:data-key"),
      );
    }
  });

  it("lets the read-only get-user function read but never write the table", () => {
    const actions = actionsOf("get-user");
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:GetItem", "dynamodb:Query"]));
    for (const write of ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]) {
      expect(actions).not.toContain(`dynamodb:${write}`);
    }
  });

  it("gives health no access to the table, queues, secrets or keys", () => {
    const actions = actionsOf("health");
    expect(actions.filter((a) => /^(dynamodb|sqs|secretsmanager|kms|ses):/.test(a))).toEqual([]);
  });

  it("scopes sending email to the stack's identities, configuration set and templates", () => {
    const send = statementsOf("send-email").find((s) => [s.Action].flat().includes("ses:SendEmail"));
    const scoped = JSON.stringify(send?.Resource);
    expect(scoped).toContain(":identity/*");
    expect(scoped).toContain(":configuration-set/");
    expect(scoped).toContain(":template/Latchkey-Stateful-*");
    expect(send?.Resource).not.toContain("*");
  });

  it("lets every function that sends email send only From an address on the deployment's sender domains", () => {
    const senders = functionNames.filter((name) => functions[name].access.includes("ses:send"));
    expect(senders.length).toBeGreaterThan(0);
    for (const name of senders) {
      const statements = statementsOf(name).filter((s) =>
        [s.Action].flat().some((a) => a === "ses:SendEmail" || a === "ses:SendBulkEmail"),
      );
      expect(statements.length, name).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement.Condition, name).toEqual({ StringLike: { "ses:FromAddress": ["*@example.com"] } });
      }
    }
  });

  it("keeps every template within CloudFormation's quotas: 500 resources, 200 parameters, 200 outputs", () => {
    const stacks = [stateful, stateless, ...stateless.node.findAll().filter(NestedStack.isNestedStack)];
    expect(stacks.length).toBeGreaterThan(3);
    for (const stack of stacks) {
      const json = Template.fromStack(stack as Stack).toJSON() as Record<string, Record<string, unknown>>;
      const count = (section: string) => Object.keys(json[section] ?? {}).length;
      expect(count("Resources"), stack.stackName).toBeLessThan(500);
      expect(count("Parameters"), stack.stackName).toBeLessThanOrEqual(200);
      expect(count("Outputs"), stack.stackName).toBeLessThanOrEqual(200);
    }
  });

  it("outputs the API URL, the alarm topic and the dashboard", () => {
    expect(Object.keys(template.toJSON().Outputs as Record<string, unknown>)).toEqual(
      expect.arrayContaining(["ApiUrl", "AlarmTopicArn", "DashboardUrl"]),
    );
  });
});
