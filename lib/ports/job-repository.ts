import type { Job, JobError, JobStatus } from "../domain/job.js";

export type ChunkResult = { processed: number; failed: number; errors: JobError[] };

/** Bulk jobs, their stored work chunks and progress counters. */
export interface JobRepository {
  /** Stores the job and its chunks (`chunks[phase][n]` = rows). */
  create(job: Job, chunks: unknown[][][]): Promise<void>;
  get(tenantId: string, jobId: string): Promise<Job | undefined>;
  getChunk(tenantId: string, jobId: string, phase: number, chunk: number): Promise<unknown[] | undefined>;
  markRunning(tenantId: string, jobId: string, now: Date): Promise<void>;
  /**
   * Records a chunk's result exactly once (conditional on the chunk not being done) and adds its counts to the
   * job atomically. Returns the job after the update, or `undefined` when the chunk was already done.
   */
  completeChunk(
    tenantId: string,
    jobId: string,
    phase: number,
    chunk: number,
    result: ChunkResult,
  ): Promise<Job | undefined>;
  /** Moves the job from `phase` to `phase + 1`; false when another consumer already did. */
  advancePhase(tenantId: string, jobId: string, phase: number): Promise<boolean>;
  finish(tenantId: string, jobId: string, status: JobStatus, now: Date): Promise<void>;
}
