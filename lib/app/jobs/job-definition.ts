import type { Job, JobStatus, JobType } from "../../domain/job.js";
import type { Principal } from "../../domain/permissions.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import type { Deps } from "../deps.js";

/** The ports the job consumers hand to a job type's steps; each step takes the subset it names. */
export type JobDeps = Pick<
  Deps,
  | "jobs"
  | "jobQueue"
  | "users"
  | "groups"
  | "tenants"
  | "temporaryPasswords"
  | "audit"
  | "secretBox"
  | "locks"
  | "jobSecrets"
  | "pupilPins"
  | "hasher"
  | "passwordResets"
  | "emailVerifications"
  | "sessionRevocations"
  | "outbox"
  | "emailDeliveries"
  | "settings"
  | "clock"
>;

/** The ports a job's report may read (fewer than the consumers': no queues, no writes but the report's own). */
export type JobReportDeps = Pick<
  Deps,
  | "jobs"
  | "users"
  | "groups"
  | "temporaryPasswords"
  | "pupilPins"
  | "jobSecrets"
  | "secretBox"
  | "audit"
  | "clock"
>;

/**
 * Everything one type of bulk job does, in one object that lives in its capability's folder and is registered once
 * in `job-types.ts`. The job consumers (`run-job.ts`) call these steps; the guarantees around them — each chunk
 * applied once in effect, follow-ups run once, dead letters counted — are theirs, not the type's.
 */
export interface JobDefinition<Row = unknown, Report = unknown> {
  readonly type: JobType;
  /**
   * Fan-out: builds and stores the job's work list (a cohort read from groups) before its work is queued. Types
   * without it are created with their chunks.
   */
  plan?(deps: JobDeps, job: Job): Promise<void>;
  /** Work: applies one chunk's rows. Must be idempotent per row: a redelivered chunk may run it again. */
  chunk(deps: JobDeps, job: Job, rows: readonly Row[]): Promise<ChunkResult>;
  /**
   * As the job reaches a final state, just before the status is set — so whoever sees the final status also sees
   * its results (e.g. the report available). Idempotent: it may run more than once.
   */
  finish?(deps: JobDeps, job: Job, status: JobStatus): Promise<void>;
  /**
   * What follows the job's end, once: run only by whoever moved the job to its final state (a roster import must
   * start one default-PIN job, not two).
   */
  followUp?(deps: JobDeps, job: Job): Promise<void>;
  /** The job's report for `principal` (who may read it is the type's rule); types without one have none (404). */
  report?(deps: JobReportDeps, principal: Principal, job: Job): Promise<Report>;
}
