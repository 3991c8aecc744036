import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as kms from "aws-cdk-lib/aws-kms";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as ses from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import {
  emailTemplates,
  maxTemplateNameLength,
  platformTemplateName,
  type QueueName,
  queues,
  table as tableDeclaration,
  tenantTemplateName,
} from "../lib/topology/index.js";
import { ServiceQueue } from "./constructs/service-queue.js";
import { constructId, entriesOf, mapTopology } from "./constructs/topology-names.js";

/**
 * Everything that holds data or identity and must outlive a redeploy of the code: the table and its key, the
 * data key for envelope encryption, the queues, the generated secrets, and the SES configuration and templates.
 */
export class StatefulStack extends Stack {
  readonly tableKey: kms.Key;
  /** Envelope encryption of temporary passwords and TOTP seeds (`GenerateDataKey`). */
  readonly dataKey: kms.Key;
  readonly table: dynamodb.Table;
  readonly queues: Record<QueueName, ServiceQueue>;
  readonly pepperSecret: secretsmanager.Secret;
  readonly sessionSecret: secretsmanager.Secret;
  readonly configurationSet: ses.ConfigurationSet;
  /** SES template names are `${emailTemplatePrefix}${templateId}`, so several stacks can share one account. */
  readonly emailTemplatePrefix: string;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.tableKey = new kms.Key(this, "TableKey", {
      description: "Encrypts the Latchkey table",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dataKey = new kms.Key(this, "DataKey", {
      description: "Envelope encryption of Latchkey temporary passwords and TOTP seeds",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: tableDeclaration.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDeclaration.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      timeToLiveAttribute: tableDeclaration.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDeclaration.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.queues = mapTopology(
      queues,
      (name, declaration) => new ServiceQueue(this, `${constructId(name)}Queue`, { declaration }),
    );

    this.pepperSecret = generatedSecret(this, "PepperSecret", "Pepper for Latchkey password and PIN hashes");
    this.sessionSecret = generatedSecret(this, "SessionSecret", "Signing key for Latchkey session tokens");

    this.configurationSet = new ses.ConfigurationSet(this, "ConfigurationSet", { reputationMetrics: true });

    this.emailTemplatePrefix = `${this.stackName}-`;
    for (const [templateId, template] of entriesOf(emailTemplates)) {
      const templateName = platformTemplateName(this.emailTemplatePrefix, templateId);
      // Tenants' own templates (published at runtime) carry a digest and are the longest names.
      const longest = tenantTemplateName(this.emailTemplatePrefix, "tenant", templateId);
      if (longest.length > maxTemplateNameLength) {
        throw new Error(`SES template name "${longest}" is longer than ${maxTemplateNameLength} characters`);
      }
      new ses.CfnTemplate(this, `${constructId(templateId)}EmailTemplate`, {
        template: {
          templateName,
          subjectPart: template.subject,
          htmlPart: template.html,
          textPart: template.text,
        },
      });
    }

    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "PepperSecretArn", { value: this.pepperSecret.secretArn });
    new CfnOutput(this, "SessionSecretArn", { value: this.sessionSecret.secretArn });
    new CfnOutput(this, "EmailTemplatePrefix", { value: this.emailTemplatePrefix });
    new CfnOutput(this, "ConfigurationSetName", { value: this.configurationSet.configurationSetName });
    for (const [name, queue] of entriesOf(this.queues)) {
      new CfnOutput(this, `${constructId(name)}QueueUrl`, { value: queue.queue.queueUrl });
      new CfnOutput(this, `${constructId(name)}DeadLetterQueueUrl`, {
        value: queue.deadLetterQueue.queueUrl,
      });
    }
  }
}

/**
 * A 64-character secret generated once, as a bare string: the functions read it as key id "1" of a key ring. To
 * rotate, an operator replaces the value with `{"current":"2","keys":{"1":"<old value>","2":"<new>"}}` (see
 * docs/operations.md). The generation settings never change here: changing them would make CloudFormation
 * generate a new value, and every hash and session made with the old one would stop working at once.
 */
function generatedSecret(scope: Construct, id: string, description: string): secretsmanager.Secret {
  return new secretsmanager.Secret(scope, id, {
    description,
    generateSecretString: { excludePunctuation: true, passwordLength: 64 },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
