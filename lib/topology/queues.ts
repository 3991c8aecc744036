import { type ConsumerName, consumers } from "./consumers.js";

/**
 * Queues and their consumers. Each queue gets a dead-letter queue; the local runtime and the CDK event source
 * mappings use the same batch size, concurrency, visibility timeout and redrive settings.
 */
export type QueueDeclaration = {
  consumer: ConsumerName;
  batchSize: number;
  /** Upper bound of concurrent consumer invocations (Lambda ESM `maximumConcurrency`, ≥ 2). */
  maxConcurrency: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** Consumer of this queue's dead-letter queue, if dead letters must change state (e.g. count as failed). */
  deadLetterConsumer?: ConsumerName;
};

/** AWS guidance: visibility ≥ 6 × the consumer's timeout, so retries within one invocation never overlap. */
const visibilityFor = (consumer: ConsumerName) => consumers[consumer].timeoutSeconds * 6;

export const queues = {
  fanout: {
    consumer: "job-fan-out",
    batchSize: 1,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: visibilityFor("job-fan-out"),
    maxReceiveCount: 5,
    deadLetterConsumer: "job-dead-letter",
  },
  work: {
    consumer: "job-work",
    /** One message is already a chunk of up to 100 rows; parallelism comes from concurrent invocations. */
    batchSize: 1,
    maxConcurrency: 4,
    visibilityTimeoutSeconds: visibilityFor("job-work"),
    maxReceiveCount: 5,
    deadLetterConsumer: "job-dead-letter",
  },
  email: {
    consumer: "send-email",
    batchSize: 10,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: visibilityFor("send-email"),
    maxReceiveCount: 8,
    deadLetterConsumer: "email-dead-letter",
  },
} as const satisfies Record<string, QueueDeclaration>;

export type QueueName = keyof typeof queues;

/** How a queue's dead-letter consumer (if any) polls: the same in CDK and in the local runtime. */
export const deadLetterConsumption = {
  batchSize: 10,
  maxConcurrency: 2,
} as const;

/** Visibility timeout of a queue's dead-letter queue: fits its consumer like any source queue. */
export function deadLetterVisibilitySeconds(declaration: QueueDeclaration): number | undefined {
  return declaration.deadLetterConsumer ? visibilityFor(declaration.deadLetterConsumer) : undefined;
}
/** The dead-letter queue of each queue keeps failed messages this long (the SQS maximum). */
export const deadLetterRetentionDays = 14;
