import { SQSClient } from "@aws-sdk/client-sqs";
import { SqsEmailOutbox } from "../../lib/adapters/sqs/email-outbox.js";
import { SqsJobQueue } from "../../lib/adapters/sqs/job-queue.js";
import type { Deps } from "../../lib/app/deps.js";
import { config } from "../../lib/config.js";
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
