import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { FanOutMessage, JobQueue, WorkMessage } from "../../ports/job-queue.js";
import { sendBatches } from "./send-batches.js";

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly urls: { fanout: string; work: string },
  ) {}

  async fanOut(message: FanOutMessage): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.urls.fanout, MessageBody: JSON.stringify(message) }),
    );
  }

  async work(messages: readonly WorkMessage[]): Promise<void> {
    await sendBatches(this.sqs, this.urls.work, messages);
  }
}
