import { Duration } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  deadLetterRetentionDays,
  deadLetterVisibilitySeconds,
  type QueueDeclaration,
} from "../../lib/topology/index.js";

export type ServiceQueueProps = { declaration: QueueDeclaration };

/**
 * One declared queue and its dead-letter queue: SQS-managed encryption, TLS-only access, redrive after the
 * declared number of receives. A dead-letter queue with its own consumer gets a visibility timeout that fits
 * that consumer, like any other source queue.
 */
export class ServiceQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ServiceQueueProps) {
    super(scope, id);
    const { declaration } = props;
    const deadLetterVisibility = deadLetterVisibilitySeconds(declaration);

    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(deadLetterRetentionDays),
      ...(deadLetterVisibility && { visibilityTimeout: Duration.seconds(deadLetterVisibility) }),
    });

    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: declaration.maxReceiveCount },
    });
  }
}
