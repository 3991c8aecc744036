import type { Job, JobError, JobStatus } from "../domain/job.js";

export type ChunkResult = { processed: number; failed: number; errors: JobError[] };

/** Bulk jobs, their stored work chunks and progress counters. */
export interface JobRepository {
  /** Stores the job and its chunks (`chunks[phase][n]` = rows). */
  create(job: Job, chunks: unknown[][][]): Promise<void>;
  /** The job with its row errors (for the API). */
  get(tenantId: string, jobId: string): Promise<Job | undefined>;
  /** The job's state and counters only (for the consumers: one read). */
  progress(tenantId: string, jobId: string): Promise<Job | undefined>;
  /** A stored chunk's rows; undefined once it has expired. */
  getChunk(
    tenantId: string,
    jobId: string,
    phase: number,
    chunk: number,
    now: Date,
  ): Promise<unknown[] | undefined>;
  isChunkDone(tenantId: string, jobId: string, phase: number, chunk: number): Promise<boolean>;
  markRunning(tenantId: string, jobId: string, now: Date): Promise<void>;
  /**
   * Records a chunk's result exactly once (conditional on the chunk not being done) and adds its counts to the
   * job atomically. Returns the job's progress after the update, or `undefined` when the chunk was already done.
   */
  completeChunk(
    tenantId: string,
    jobId: string,
    phase: number,
    chunk: number,
    result: ChunkResult,
  ): Promise<Job | undefined>;
  /** Records that every work message of `phase` was sent. */
  markFannedOut(tenantId: string, jobId: string, phase: number): Promise<void>;
  /** Moves the job from `phase` to `phase + 1`; false when another consumer already did. */
  advancePhase(tenantId: string, jobId: string, phase: number): Promise<boolean>;
  finish(tenantId: string, jobId: string, status: JobStatus, now: Date): Promise<void>;
}
