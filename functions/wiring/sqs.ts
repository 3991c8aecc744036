import { SQSClient } from "@aws-sdk/client-sqs";
import { sdkClientOptions } from "../../lib/adapters/sdk-options.js";
import { SqsEmailOutbox } from "../../lib/adapters/sqs/email-outbox.js";
import { SqsJobQueue } from "../../lib/adapters/sqs/job-queue.js";
import { SqsRetryBackoff } from "../../lib/adapters/sqs/retry-backoff.js";
import type { Deps } from "../../lib/app/deps.js";
import { config, sdkOverride } from "../../lib/config.js";
import { tracer } from "../observability.js";
import { localCredentials } from "./local.js";

/** The SQS adapters: the job queues (`queue:fanout:send`, `queue:work:send`) and the email queue (`queue:email:send`). */
let client: SQSClient | undefined;
const built: Partial<Deps> = {};

const sqs = () => {
  const endpoint = config().SQS_ENDPOINT;
  client ??= tracer.captureAWSv3Client(
    new SQSClient({
      region: config().AWS_REGION,
      ...sdkClientOptions("sqs", sdkOverride()),
      ...(endpoint ? { endpoint, credentials: localCredentials } : {}),
    }),
  );
  return client;
};

export const jobQueue = () =>
  (built.jobQueue ??= new SqsJobQueue(sqs(), {
    fanout: config().FANOUT_QUEUE_URL,
    work: config().WORK_QUEUE_URL,
  }));
export const outbox = () => (built.outbox ??= new SqsEmailOutbox(sqs(), config().EMAIL_QUEUE_URL));

let backoff: SqsRetryBackoff | undefined;

/** Spaces the retries of messages that failed in an outage (the consumers' own queues: no extra grant). */
export const retryBackoff = () =>
  (backoff ??= new SqsRetryBackoff(sqs(), {
    baseSeconds: config().QUEUE_RETRY_BASE_SECONDS,
    maxSeconds: config().QUEUE_RETRY_MAX_SECONDS,
  }));
