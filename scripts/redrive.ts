import { SQSClient } from "@aws-sdk/client-sqs";
import { type RedriveResult, redriveDeadLetters } from "../lib/adapters/sqs/redrive.js";
import type { QueueName } from "../lib/topology/queues.js";

/** The names `npm run operator -- redrive <queue>` accepts: the topology's, and the plural the consoles show. */
export const redriveQueueNames = {
  fanout: "fanout",
  jobs: "fanout",
  work: "work",
  email: "email",
  emails: "email",
} as const satisfies Record<string, QueueName>;

export const redriveUsage =
  "usage: npm run operator -- redrive fanout|work|email [--aws]   (jobs = fanout, emails = email)";

/** The topology's queue behind a name the command accepts, or undefined. */
export function redriveQueue(name: string | undefined): QueueName | undefined {
  return name !== undefined && Object.hasOwn(redriveQueueNames, name)
    ? redriveQueueNames[name as keyof typeof redriveQueueNames]
    : undefined;
}

/** Where each queue's URL is configured: the variables the functions read (`lib/config.ts`), local or AWS. */
const urlVariables = {
  fanout: "FANOUT_QUEUE_URL",
  work: "WORK_QUEUE_URL",
  email: "EMAIL_QUEUE_URL",
} as const satisfies Record<QueueName, string>;

/**
 * `redrive <queue>`: moves the queue's dead letters back to it and prints the task's progress. `env` is the local
 * runtime's `env.json` (emulator endpoint) or, with `--aws`, this process's environment.
 */
export async function redriveCommand(
  queue: QueueName,
  env: Record<string, string | undefined>,
  print: (line: string) => void,
  options: { pollMs?: number } = {},
): Promise<RedriveResult> {
  const queueUrl = env[urlVariables[queue]];
  if (!queueUrl) throw new Error(`${urlVariables[queue]} is not set`);
  const endpoint = env.SQS_ENDPOINT;
  const sqs = new SQSClient({
    region: env.AWS_REGION ?? "eu-west-2",
    ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  try {
    let last = "";
    const result = await redriveDeadLetters(sqs, queueUrl, {
      ...options,
      onProgress: ({ status, moved, toMove }) => {
        const line = `${status}: ${moved}${toMove === undefined ? "" : ` of ${toMove}`} moved`;
        if (line !== last) print(line);
        last = line;
      },
    });
    print(
      `Redrive of ${queue} ${result.status.toLowerCase()}: ${result.moved} message(s) moved from ${result.deadLetterArn} to ${result.sourceArn}${result.failureReason ? ` (${result.failureReason})` : ""}`,
    );
    return result;
  } finally {
    sqs.destroy();
  }
}
