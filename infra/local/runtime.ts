import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { join } from "node:path";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Deps } from "../../lib/app/deps.js";
import { deadLetterConsumption, type QueueName, queues } from "../../lib/topology/index.js";
import { type EmulatorOptions, type Emulators, freePort, startEmulators } from "./emulators.js";
import { startGateway } from "./gateway.js";
import { startPoller } from "./poller.js";
import { createResources, type QueueUrls } from "./resources.js";

export type LocalRuntimeOptions = {
  /** Folder for generated keys and (unless `inMemory`) DynamoDB Local's data. */
  stateDir: string;
  inMemory?: boolean;
  /** Shared emulators (tests); started and stopped by the runtime when absent. */
  emulators?: Emulators;
  /** Resource name prefix; tests use a unique one per file. */
  prefix?: string;
  port?: number;
  /** Ports of the emulators the runtime starts itself (default: free ports). */
  emulatorPorts?: EmulatorOptions["ports"];
  /** Tests shorten retries; the default is each queue's declared visibility timeout. */
  visibilityTimeoutSeconds?: number;
  /**
   * The backoff of a message that failed in an outage (`QUEUE_RETRY_*`); default with a short
   * `visibilityTimeoutSeconds`: from one visibility timeout to eight.
   */
  retryBackoff?: { baseSeconds: number; maxSeconds: number };
  /** Start queue pollers (default true). */
  pollers?: boolean;
  /** The domains emails may come from (`SENDER_DOMAINS`); default: the local sender's, latchkey.local. */
  senderDomains?: string[];
  /** Emails one tenant may send per UTC day (`EMAIL_TENANT_DAILY_QUOTA`); default: the configuration's 2,000. */
  tenantDailyEmailQuota?: number;
  /**
   * The AWS SDK's timeout per attempt and attempts for the table, queues and KMS. Default one attempt of 8 s (inside
   * the 10 s function timeout): DynamoDB Local is far slower than DynamoDB (a cold JVM took 2.2 s for a 25-item
   * batch write, a busy one 4.5 s for a 100-item transaction) and never throttles. A fault test sets the deployed
   * values (`sdkLimits`: 1 s × 2) to prove their bound.
   */
  sdk?: { requestTimeoutMs: number; maxAttempts: number };
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
  /** Publish Powertools metrics (EMF lines on stdout): off by default, a test that reads them turns them on. */
  metrics?: boolean;
  log?: (line: string) => void;
};

export type LocalRuntime = {
  apiUrl: string;
  /** Holds `env.json` (how the operator CLI finds this service) and the local key file. */
  stateDir: string;
  sesUrl: string;
  emulators: Emulators;
  tableName: string;
  /** Prefix of this runtime's SES template names. */
  templatePrefix: string;
  queues: QueueUrls;
  /** How long starting took (ms): the emulators, then the table, queues, templates, gateway and pollers. */
  startUp: { emulatorsMs: number; resourcesMs: number };
  /** The same adapters the handlers use (for seeding and assertions). */
  deps: () => Deps;
  startPollers(): void;
  stopPollers(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Runs the whole service on this machine: emulators, the resources the topology declares, every route behind a
 * local API Gateway and every queue polled into its real consumer.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const prefix = options.prefix ?? "latchkey";
  await mkdir(options.stateDir, { recursive: true });
  const ownEmulators = !options.emulators;
  const dataDir = join(options.stateDir, "dynamodb");
  if (!options.inMemory) await mkdir(dataDir, { recursive: true });
  const startedAt = performance.now();
  // A kept data folder keeps the SES emulator's inbox too, beside DynamoDB Local's files.
  const kept = options.inMemory ? {} : { dataDir, inboxFile: join(options.stateDir, "ses-inbox.jsonl") };
  const emulators =
    options.emulators ?? (await startEmulators({ ...kept, ports: options.emulatorPorts, log }));
  const emulatorsMs = performance.now() - startedAt;

  try {
    const resources = await createResources(emulators, prefix, {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    });
    const secretsFile = await ensureLocalSecrets(options.stateDir);
    const port = options.port ?? (await freePort());
    const environment = {
      TABLE_NAME: resources.tableName,
      FANOUT_QUEUE_URL: resources.queues.fanout.url,
      WORK_QUEUE_URL: resources.queues.work.url,
      EMAIL_QUEUE_URL: resources.queues.email.url,
      EMAIL_TEMPLATE_PREFIX: resources.templatePrefix,
      SENDER_ADDRESS: "no-reply@latchkey.local",
      SENDER_DOMAINS: (options.senderDomains ?? ["latchkey.local"]).join(","),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOCAL_SECRETS_FILE: secretsFile,
      DYNAMODB_ENDPOINT: emulators.dynamodb,
      SQS_ENDPOINT: emulators.sqs,
      SES_ENDPOINT: emulators.ses,
      AWS_REGION: "eu-west-2",
      POWERTOOLS_SERVICE_NAME: "latchkey",
      POWERTOOLS_METRICS_DISABLED: options.metrics ? "false" : "true",
      // The tracer is a no-op outside Lambda anyway; said explicitly so no X-Ray SDK warning can appear.
      POWERTOOLS_TRACE_ENABLED: "false",
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? "INFO",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      SDK_REQUEST_TIMEOUT_MS: String(options.sdk?.requestTimeoutMs ?? 8000),
      SDK_MAX_ATTEMPTS: String(options.sdk?.maxAttempts ?? 1),
      // Short visibility timeouts (tests) get a short backoff after an outage too: from one timeout to eight.
      ...(options.visibilityTimeoutSeconds && {
        QUEUE_RETRY_BASE_SECONDS: String(options.visibilityTimeoutSeconds),
        QUEUE_RETRY_MAX_SECONDS: String(options.visibilityTimeoutSeconds * 8),
      }),
      ...(options.retryBackoff && {
        QUEUE_RETRY_BASE_SECONDS: String(options.retryBackoff.baseSeconds),
        QUEUE_RETRY_MAX_SECONDS: String(options.retryBackoff.maxSeconds),
      }),
      ...(options.tenantDailyEmailQuota && {
        EMAIL_TENANT_DAILY_QUOTA: String(options.tenantDailyEmailQuota),
      }),
    };
    configureProcess(environment);
    // Lets the operator CLI reach this running service (no secrets in it: the key file is referenced by path).
    const envFile = join(options.stateDir, "env.json");
    await writeFile(envFile, JSON.stringify(environment, null, 2));
    const { services } = await import("../../functions/wiring/services.js");
    const gateway: Server = await startGateway(port, log);
    const sqs = new SQSClient({
      endpoint: emulators.sqs,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const arnOf = async (url: string) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })))
        .Attributes?.QueueArn ?? url;

    let pollers: { stop(): Promise<void> }[] = [];
    const startPollers = async () => {
      for (const name of Object.keys(queues) as QueueName[]) {
        const declaration = queues[name];
        const urls = resources.queues[name];
        pollers.push(
          startPoller({
            sqs,
            queueUrl: urls.url,
            queueArn: await arnOf(urls.url),
            consumer: declaration.consumer,
            batchSize: declaration.batchSize,
            maxConcurrency: declaration.maxConcurrency,
            log,
          }),
        );
        if ("deadLetterConsumer" in declaration) {
          pollers.push(
            startPoller({
              sqs,
              queueUrl: urls.dlqUrl,
              queueArn: await arnOf(urls.dlqUrl),
              consumer: declaration.deadLetterConsumer,
              ...deadLetterConsumption,
              log,
            }),
          );
        }
      }
    };
    const stopPollers = async () => {
      const stopping = pollers;
      pollers = [];
      await Promise.all(stopping.map((p) => p.stop()));
    };
    if (options.pollers !== false) await startPollers();
    const resourcesMs = performance.now() - startedAt - emulatorsMs;

    return {
      apiUrl: `http://127.0.0.1:${port}`,
      stateDir: options.stateDir,
      sesUrl: emulators.ses,
      emulators,
      tableName: resources.tableName,
      templatePrefix: resources.templatePrefix,
      queues: resources.queues,
      startUp: { emulatorsMs, resourcesMs },
      deps: services,
      startPollers: () => void startPollers(),
      stopPollers,
      async stop() {
        await stopPollers();
        gateway.closeAllConnections();
        await new Promise<void>((resolve) => gateway.close(() => resolve()));
        sqs.destroy();
        if (ownEmulators) await emulators.stop();
        await rm(envFile, { force: true });
      },
    };
  } catch (error) {
    if (ownEmulators) await emulators.stop();
    throw error;
  }
}

/** The pepper and session key for local runs: generated once, kept in the (git-ignored) state folder. */
async function ensureLocalSecrets(stateDir: string): Promise<string> {
  const file = join(stateDir, "secrets.json");
  let existing: Record<string, string> = {};
  try {
    existing = JSON.parse(await readFile(file, "utf8"));
  } catch {}
  // Keys a state folder from an older version lacks are added; existing ones never change.
  const secrets = {
    pepper: randomBytes(32).toString("base64"),
    sessionKey: randomBytes(32).toString("base64"),
    masterKey: randomBytes(32).toString("base64"),
    ...existing,
  };
  if (Object.keys(secrets).length !== Object.keys(existing).length) {
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return file;
}

/** The local runtime plays Lambda's part: it sets the functions' environment before loading them. */
function configureProcess(environment: Record<string, string>) {
  Object.assign(process.env, environment);
}
