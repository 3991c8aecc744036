import type { JobType } from "../domain/job.js";

export type FanOutMessage = { tenantId: string; jobId: string; type: JobType; phase: number };
export type WorkMessage = FanOutMessage & { chunk: number; rows: number };

/** The bulk-job queues: one fan-out message per job phase, one work message per chunk. */
export interface JobQueue {
  fanOut(message: FanOutMessage): Promise<void>;
  /** Sends in batches of 10 (SQS `SendMessageBatch`); throws if any entry could not be sent. */
  work(messages: readonly WorkMessage[]): Promise<void>;
}
