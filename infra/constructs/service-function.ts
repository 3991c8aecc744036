import path from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Stack } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Access, FunctionDeclaration, QueueName } from "../../lib/topology/index.js";
import { Argon2Layer } from "./argon2-layer.js";

/** The repository root: entries in the topology are relative to it. */
export const defaultProjectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Lets the CommonJS dependencies inside an ESM bundle call `require`. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** What the grants in a declaration's `access` list refer to. */
export type ServiceResources = {
  table: dynamodb.ITable;
  queues: Record<QueueName, sqs.IQueue>;
  pepperSecret: secretsmanager.ISecret;
  sessionSecret: secretsmanager.ISecret;
  configurationSetName: string;
  emailTemplatePrefix: string;
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
 * shared layer, so other functions must not load it (a static import fails their cold start).
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
        target: "node22",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_BANNER,
        bundleAwsSDK: true,
        externalModules: ["@node-rs/argon2"],
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });

    for (const access of declaration.access) {
      grant(this.function, access, resources);
    }
  }
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
    default:
      throw new Error(`Unknown access "${access satisfies never}"`);
  }
}

/** SES authorises a send against the sender identity, the configuration set and the template used. */
function grantSendEmail(fn: lambda.IFunction, resources: ServiceResources): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
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
    }),
  );
  // GetAccount (the send quota used to pace sending) has no resource to scope to.
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ["ses:GetAccount"], resources: ["*"] }));
}
