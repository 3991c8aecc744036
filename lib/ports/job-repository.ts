import type { Job, JobError, JobStatus } from "../domain/job.js";

/** `skipped`: of the processed rows, those deliberately left alone (e.g. a user who set their own password). */
export type ChunkResult = { processed: number; failed: number; skipped?: number; errors: JobError[] };

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
  /** Sets the final status; false when the job had already finished. */
  finish(tenantId: string, jobId: string, status: JobStatus, now: Date): Promise<boolean>;
  /**
   * Stores the work list a fan-out consumer built (one phase) and marks the job planned with its total, once: a
   * second planner (a redelivered fan-out) gets `false` and must use the stored plan.
   */
  plan(tenantId: string, jobId: string, chunks: unknown[][], now: Date): Promise<boolean>;
  /** Every stored chunk of a phase, in order (rows per chunk). */
  chunks(tenantId: string, jobId: string, phase: number): Promise<unknown[][]>;
  deleteChunks(tenantId: string, jobId: string, phase: number): Promise<void>;
  /** Makes the one-time report available (once). */
  openReport(tenantId: string, jobId: string): Promise<void>;
  /** Consumes the report: true for the first caller only. */
  consumeReport(tenantId: string, jobId: string, by: string, now: Date): Promise<boolean>;
}
