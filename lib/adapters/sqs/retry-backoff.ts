import { ChangeMessageVisibilityBatchCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** A received message to retry later, as Lambda's SQS event holds it: its queue, receipt and receive count. */
export type Redelivery = {
  eventSourceARN: string;
  receiptHandle: string;
  attributes?: { ApproximateReceiveCount?: string };
};

export type BackoffSchedule = { baseSeconds: number; maxSeconds: number };

/** SQS's ceiling for a message's visibility timeout (12 hours). */
const sqsMaxVisibilitySeconds = 43_200;

/**
 * Seconds a message stays hidden after its `receiveCount`-th failed receive: doubling from `baseSeconds`, capped at
 * `maxSeconds`. Summed over a queue's maxReceiveCount this is how long an outage may last before the message is
 * dead-lettered (`docs/operations.md` gives the figure per queue).
 */
export function retryDelaySeconds(receiveCount: number, schedule: BackoffSchedule): number {
  const exponent = Math.max(0, Math.min(30, Math.floor(receiveCount) - 1));
  return Math.min(schedule.baseSeconds * 2 ** exponent, schedule.maxSeconds, sqsMaxVisibilitySeconds);
}

/** How long messages can keep failing before the `maxReceiveCount`-th receive dead-letters them (seconds). */
export function outageCoverSeconds(maxReceiveCount: number, schedule: BackoffSchedule): number {
  let total = 0;
  for (let receive = 1; receive <= maxReceiveCount; receive++) total += retryDelaySeconds(receive, schedule);
  return total;
}

/**
 * Spaces the retries of messages that failed because a dependency was unavailable: each one's visibility is set
 * (`ChangeMessageVisibilityBatch`) to the backoff for its receive count, so an outage does not use up the queue's
 * maxReceiveCount in a few visibility timeouts. Best effort: if SQS itself refuses, the message comes back after
 * the queue's visibility timeout as before — nothing is lost either way.
 */
export class SqsRetryBackoff {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly schedule: BackoffSchedule,
  ) {}

  async defer(messages: readonly Redelivery[]): Promise<void> {
    const byQueue = new Map<string, Redelivery[]>();
    for (const m of messages) byQueue.set(m.eventSourceARN, [...(byQueue.get(m.eventSourceARN) ?? []), m]);
    await Promise.all(
      [...byQueue].map(async ([arn, queued]) => {
        const queueUrl = await this.urlOf(arn);
        for (let i = 0; i < queued.length; i += 10) {
          await this.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: queued.slice(i, i + 10).map((m, n) => ({
                Id: String(n),
                ReceiptHandle: m.receiptHandle,
                VisibilityTimeout: retryDelaySeconds(
                  Number(m.attributes?.ApproximateReceiveCount ?? 1) || 1,
                  this.schedule,
                ),
              })),
            }),
          );
        }
      }),
    );
  }

  /** The queue's URL from its ARN (`arn:aws:sqs:<region>:<account>:<name>`), asked once per queue. */
  private urlOf(arn: string): Promise<string> {
    let url = this.urls.get(arn);
    if (!url) {
      const [, , , , account, name] = arn.split(":");
      url = this.sqs
        .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
        .then((r) => r.QueueUrl ?? "");
      url.catch(() => this.urls.delete(arn));
      this.urls.set(arn, url);
    }
    return url;
  }
}
