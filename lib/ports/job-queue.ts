import type { FanOutMessage, WorkMessage } from "./messages.js";

export type { FanOutMessage, WorkMessage };

/** The bulk-job queues: one fan-out message per job phase, one work message per chunk. */
export interface JobQueue {
  fanOut(message: FanOutMessage): Promise<void>;
  /** Sends in batches of 10 (SQS `SendMessageBatch`); throws if any entry could not be sent. */
  work(messages: readonly WorkMessage[]): Promise<void>;
}
