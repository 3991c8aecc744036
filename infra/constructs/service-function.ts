import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Annotations, AssetStaging, Duration, Stack } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Access, FunctionDeclaration, QueueName } from "../../lib/topology/index.js";
import { Argon2Layer } from "./argon2-layer.js";
import { lambdaBundling } from "./bundling.js";

/** The repository root: entries in the topology are relative to it. */
export const defaultProjectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** An import of the external argon2 package that runs when the bundle loads (a dynamic `import()` does not). */
const ARGON2_LOADED_AT_START =
  /(?:\bfrom|\bimport)\s*"@node-rs\/argon2"|\brequire\(\s*"@node-rs\/argon2"\s*\)/;

/** What the grants in a declaration's `access` list refer to. */
export type ServiceResources = {
  table: dynamodb.ITable;
  queues: Record<QueueName, sqs.IQueue>;
  pepperSecret: secretsmanager.ISecret;
  sessionSecret: secretsmanager.ISecret;
  /** The KMS key that issues data keys for sealed secrets. */
  dataKey: kms.IKey;
  configurationSetName: string;
  emailTemplatePrefix: string;
  /** The verified domains emails may come from: sending is allowed only with a `From` on one of them. */
  senderDomains: readonly string[];
};

export type ServiceFunctionProps = {
  declaration: FunctionDeclaration;
  resources: ServiceResources;
  /** Resource locations every function receives (table name, queue URLs, secret ARNs, ...). */
  environment: Record<string, string>;
  /** Directory holding the entry modules and `package-lock.json`. */
  projectRoot?: string;
};

/**
 * Every Lambda function of the service: a Node.js 22 ESM bundle of the declared entry (AWS SDK included, pinned
 * by the lock file), X-Ray tracing, a log group with retention, and exactly the permissions its `access` list
 * declares. The native argon2 binding is never bundled; functions declared with `argon2: true` get it from the
 * shared layer. A function whose bundle loads argon2 at start without the declaration would fail every cold
 * start, so it gets the layer too, with a synth warning asking for a lazy import or the declaration.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { declaration, resources } = props;
    const projectRoot = props.projectRoot ?? defaultProjectRoot;

    const logGroup = new logs.LogGroup(this, "LogGroup", { retention: logs.RetentionDays.ONE_MONTH });

    this.function = new NodejsFunction(this, "Function", {
      entry: path.join(projectRoot, declaration.entry),
      handler: "handler",
      projectRoot,
      depsLockFilePath: path.join(projectRoot, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.X86_64,
      description: declaration.description,
      timeout: Duration.seconds(declaration.timeoutSeconds),
      memorySize: declaration.memoryMb,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      layers: declaration.argon2 ? [Argon2Layer.of(this)] : [],
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: "latchkey",
        POWERTOOLS_METRICS_NAMESPACE: "Latchkey",
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourcemap,
        sourcesContent: lambdaBundling.sourcesContent,
        mainFields: [...lambdaBundling.mainFields],
        banner: lambdaBundling.banner.js,
        bundleAwsSDK: true,
        externalModules: [...lambdaBundling.external],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });

    if (!declaration.argon2 && loadsArgon2AtStart(this.function)) {
      this.function.addLayers(Argon2Layer.of(this));
      Annotations.of(this).addWarningV2(
        "latchkey:argon2-undeclared",
        `${declaration.entry} loads @node-rs/argon2 when it starts but is not declared with argon2: true; ` +
          "it gets the argon2 layer so its cold start succeeds. Import argon2 lazily where it is used, or declare it.",
      );
    }

    for (const access of declaration.access) {
      grant(this.function, access, resources);
    }
  }
}

/** Reads the bundle esbuild just wrote (assets are staged during construction); false when bundling is skipped. */
function loadsArgon2AtStart(fn: NodejsFunction): boolean {
  if (!Stack.of(fn).bundlingRequired) return false;
  const staging = fn.node.tryFindChild("Code")?.node.tryFindChild("Stage");
  if (!(staging instanceof AssetStaging)) return false;
  const bundle = path.join(staging.absoluteStagedPath, "index.mjs");
  return existsSync(bundle) && ARGON2_LOADED_AT_START.test(readFileSync(bundle, "utf8"));
}

function grant(fn: lambda.IFunction, access: Access, resources: ServiceResources): void {
  switch (access) {
    case "table:read":
      resources.table.grantReadData(fn);
      return;
    case "table:write":
      resources.table.grantWriteData(fn);
      return;
    case "queue:fanout:send":
      resources.queues.fanout.grantSendMessages(fn);
      return;
    case "queue:work:send":
      resources.queues.work.grantSendMessages(fn);
      return;
    case "queue:email:send":
      resources.queues.email.grantSendMessages(fn);
      return;
    case "secret:pepper":
      resources.pepperSecret.grantRead(fn);
      return;
    case "secret:session":
      resources.sessionSecret.grantRead(fn);
      return;
    case "ses:send":
      grantSendEmail(fn, resources);
      return;
    case "ses:templates":
      grantPublishTemplates(fn, resources);
      return;
    case "kms:data-key":
      resources.dataKey.grant(fn, "kms:GenerateDataKey", "kms:Decrypt");
      return;
    default:
      throw new Error(`Unknown access "${access satisfies never}"`);
  }
}

/** Tenants' layouts are published as templates named with the deployment's prefix, and only those. */
function grantPublishTemplates(fn: lambda.IFunction, resources: ServiceResources): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["ses:CreateEmailTemplate", "ses:UpdateEmailTemplate"],
      resources: [
        Stack.of(fn).formatArn({
          service: "ses",
          resource: "template",
          resourceName: `${resources.emailTemplatePrefix}*`,
        }),
      ],
    }),
  );
}

/**
 * SES authorises a send against the sender identity, the configuration set and the template used; the `From`
 * address must be on one of the deployment's sender domains (`ses:FromAddress`), whatever a tenant stored.
 */
function grantSendEmail(fn: lambda.IFunction, resources: ServiceResources): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      // SendBulkEmail is authorised as ses:SendBulkEmail on the same resources.
      actions: ["ses:SendEmail", "ses:SendBulkEmail"],
      resources: [
        // In the SES sandbox recipients are identities too, so the identity cannot be narrowed to the sender.
        stack.formatArn({ service: "ses", resource: "identity", resourceName: "*" }),
        stack.formatArn({
          service: "ses",
          resource: "configuration-set",
          resourceName: resources.configurationSetName,
        }),
        stack.formatArn({
          service: "ses",
          resource: "template",
          resourceName: `${resources.emailTemplatePrefix}*`,
        }),
      ],
      conditions: { StringLike: { "ses:FromAddress": resources.senderDomains.map((d) => `*@${d}`) } },
    }),
  );
  // The account's sending rate and 24-hour quota pace the consumer; GetAccount has no resource to scope to.
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ["ses:GetAccount"], resources: ["*"] }));
}
