import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";

export type RedriveProgress = {
  status: string;
  moved: number;
  /** SQS's estimate of the messages the task will move (absent until it knows). */
  toMove?: number;
};

export type RedriveResult = RedriveProgress & {
  sourceArn: string;
  deadLetterArn: string;
  failureReason?: string;
};

/**
 * Moves a queue's dead letters back to it with SQS's own message move task (`StartMessageMoveTask`, as the
 * console's "Start DLQ redrive" does), then follows it with `ListMessageMoveTasks` until it ends. SQS moves each
 * message with its body and attributes and deletes it from the DLQ only once it is in the source queue, so an
 * interrupted redrive loses nothing: run it again. The consumers are idempotent, so a message delivered twice is
 * harmless. A task already running on the DLQ (e.g. started by an earlier, interrupted run) is followed instead of
 * starting another (SQS allows one at a time per queue).
 *
 * The DLQ is found from the queue's own `RedrivePolicy`, so the same call serves AWS and the local emulator.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  options: { pollMs?: number; onProgress?: (progress: RedriveProgress) => void } = {},
): Promise<RedriveResult> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn", "RedrivePolicy"] }),
  );
  const sourceArn = Attributes?.QueueArn;
  const deadLetterArn = Attributes?.RedrivePolicy
    ? (JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn
    : undefined;
  if (!sourceArn || !deadLetterArn)
    throw new Error(`${queueUrl} has no dead-letter queue (no RedrivePolicy)`);

  const latest = async (): Promise<ListMessageMoveTasksResultEntry | undefined> =>
    (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: deadLetterArn, MaxResults: 1 })))
      .Results?.[0];

  let task = await latest();
  if (task?.Status !== "RUNNING") {
    const previous = task?.StartedTimestamp;
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterArn, DestinationArn: sourceArn }));
    // The list may lag the start: wait until it shows the new task, not the previous one's final counts.
    for (let tries = 0; ; tries++) {
      task = await latest();
      if (task?.StartedTimestamp !== previous || tries >= 30) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  for (;;) {
    const progress = {
      status: task?.Status ?? "UNKNOWN",
      moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
      ...(task?.ApproximateNumberOfMessagesToMove !== undefined && {
        toMove: task.ApproximateNumberOfMessagesToMove,
      }),
    };
    options.onProgress?.(progress);
    if (progress.status !== "RUNNING" && progress.status !== "CANCELLING") {
      return {
        ...progress,
        sourceArn,
        deadLetterArn,
        ...(task?.FailureReason && { failureReason: task.FailureReason }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
    task = await latest();
  }
}
