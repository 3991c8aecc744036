import { readFileSync } from "node:fs";
import { App, type CfnElement } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { entriesOf } from "../../infra/constructs/topology-names.js";
import { StatefulStack } from "../../infra/stateful-stack.js";
import { deadLetterRetentionDays, emailTemplates, queues, table } from "../../lib/topology/index.js";

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

/**
 * The feature flags `cdk synth` uses. Bundling is skipped, and so is the built-in template validation (which
 * `cdk synth` still runs): it takes seconds per stack.
 */
function testApp(): App {
  const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  };
  return new App({
    stackTraces: false,
    builtinCloudFormationValidation: false,
    context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [] },
  });
}

/** The template's resources, with `Properties` always present. */
function resourcesOf(from: Template): Record<string, Resource> {
  const raw = from.toJSON().Resources as Record<string, Omit<Resource, "Properties"> & Partial<Resource>>;
  return Object.fromEntries(
    Object.entries(raw).map(([id, r]) => [id, { ...r, Properties: r.Properties ?? {} }]),
  );
}

const stack = new StatefulStack(testApp(), "Latchkey-Stateful");
const template = Template.fromStack(stack);
const resources = resourcesOf(template);

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

describe("StatefulStack", () => {
  it("keeps the table on stack deletion, billed on demand, with point-in-time recovery", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
  });

  it("encrypts the table with a customer-managed key that rotates and is retained", () => {
    const [[, tableResource]] = ofType("AWS::DynamoDB::Table") as [[string, Resource]];
    const sse = tableResource.Properties.SSESpecification as {
      SSEEnabled: boolean;
      SSEType: string;
      KMSMasterKeyId: { "Fn::GetAtt": [string, string] };
    };
    expect(sse.SSEEnabled).toBe(true);
    expect(sse.SSEType).toBe("KMS");
    const keyId = sse.KMSMasterKeyId["Fn::GetAtt"][0];
    expect(resources[keyId]).toMatchObject({
      Type: "AWS::KMS::Key",
      DeletionPolicy: "Retain",
      Properties: { EnableKeyRotation: true },
    });
  });

  it("creates a second rotating key for envelope encryption", () => {
    const keys = ofType("AWS::KMS::Key");
    expect(keys).toHaveLength(2);
    for (const [, key] of keys) {
      expect(key).toMatchObject({ DeletionPolicy: "Retain", Properties: { EnableKeyRotation: true } });
    }
  });

  it("expires items on the topology's TTL attribute", () => {
    expect(table.timeToLiveAttribute).toBe("expiresAt");
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("declares the topology's keys and indexes as string attributes with every attribute projected", () => {
    const attributes: string[] = [
      table.partitionKey,
      table.sortKey,
      ...table.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: "HASH" },
        { AttributeName: table.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayEquals(
        attributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      ),
      GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    });
  });

  it("redrives every queue to a dead-letter queue after at least 5 receives", () => {
    const sqsQueues = ofType("AWS::SQS::Queue");
    const sourceQueues = sqsQueues.filter(([, queue]) => queue.Properties.RedrivePolicy !== undefined);
    expect(sqsQueues).toHaveLength(Object.keys(queues).length * 2);
    expect(sourceQueues).toHaveLength(Object.keys(queues).length);

    for (const [, queue] of sourceQueues) {
      const redrive = queue.Properties.RedrivePolicy as {
        maxReceiveCount: number;
        deadLetterTargetArn: { "Fn::GetAtt": [string, string] };
      };
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
      const [targetId, attribute] = redrive.deadLetterTargetArn["Fn::GetAtt"];
      expect(attribute).toBe("Arn");
      expect(resources[targetId]?.Type).toBe("AWS::SQS::Queue");
      expect(resources[targetId]?.Properties.RedrivePolicy).toBeUndefined();
    }
  });

  it("takes visibility timeout and maxReceiveCount of each queue from its declaration", () => {
    for (const [name, declaration] of entriesOf(queues)) {
      const queue = resources[stack.getLogicalId(stack.queues[name].queue.node.defaultChild as CfnElement)];
      expect(queue?.Properties, name).toMatchObject({
        VisibilityTimeout: declaration.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: declaration.maxReceiveCount },
      });
    }
  });

  it("keeps dead letters for the declared retention", () => {
    const deadLetterQueues = ofType("AWS::SQS::Queue").filter(
      ([, q]) => q.Properties.RedrivePolicy === undefined,
    );
    for (const [, queue] of deadLetterQueues) {
      expect(queue.Properties.MessageRetentionPeriod).toBe(deadLetterRetentionDays * 24 * 60 * 60);
    }
  });

  it("encrypts every queue and denies access without TLS", () => {
    const sqsQueues = ofType("AWS::SQS::Queue");
    for (const [, queue] of sqsQueues) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    const policies = ofType("AWS::SQS::QueuePolicy");
    const tlsOnly = policies.filter(([, policy]) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(tlsOnly).toHaveLength(sqsQueues.length);
  });

  it("generates the pepper and session secrets in CloudFormation and retains them", () => {
    template.resourceCountIs("AWS::SecretsManager::Secret", 2);
    template.allResources("AWS::SecretsManager::Secret", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 64 },
      }),
    });
  });

  it("creates one SES template per declared template, named after the stack", () => {
    const templateIds = Object.keys(emailTemplates);
    template.resourceCountIs("AWS::SES::Template", templateIds.length);
    expect(stack.emailTemplatePrefix).toBe("Latchkey-Stateful-");
    for (const id of templateIds) {
      const declared = emailTemplates[id as keyof typeof emailTemplates];
      template.hasResourceProperties("AWS::SES::Template", {
        Template: {
          TemplateName: `Latchkey-Stateful-${id}`,
          SubjectPart: declared.subject,
          HtmlPart: declared.html,
          TextPart: declared.text,
        },
      });
    }
  });

  it("leaves every other resource name to CloudFormation", () => {
    template.resourceCountIs("AWS::SES::ConfigurationSet", 1);
    const nameProperties = ["TableName", "QueueName", "Name", "KeyAlias", "AliasName"];
    for (const [id, resource] of Object.entries(resources)) {
      for (const property of nameProperties) {
        expect(resource.Properties[property], `${id}.${property}`).toBeUndefined();
      }
    }
  });

  it("outputs the table name and queue URLs", () => {
    const outputs = Object.keys(template.toJSON().Outputs as Record<string, unknown>);
    expect(outputs).toContain("TableName");
    for (const name of ["Fanout", "Work", "Email"]) {
      expect(outputs).toContain(`${name}QueueUrl`);
    }
  });
});
