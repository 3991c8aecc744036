import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { EmailMessage, EmailOutbox } from "../../ports/mailer.js";

export class SqsEmailOutbox implements EmailOutbox {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: EmailMessage): Promise<void> {
    await this.defer(message, 0);
  }

  async defer(message: EmailMessage, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))),
      }),
    );
  }
}
