/** Bulk jobs: the state rules shared by every kind of job (roster import, regeneration, PINs, reset emails,
 * email verifications). */

export const jobTypes = [
  "roster-import",
  "password-regeneration",
  "pupil-pins",
  "reset-emails",
  "email-verifications",
] as const;
export type JobType = (typeof jobTypes)[number];

export type JobStatus = "queued" | "running" | "completed" | "completed_with_failures" | "failed";

export type JobError = { section?: string; line?: number; reason: string };

export type Job = {
  tenantId: string;
  jobId: string;
  type: JobType;
  status: JobStatus;
  /** Rows or users the job will process. */
  total: number;
  processed: number;
  failed: number;
  /** Of the processed, those left alone on purpose (a regeneration skips users who set their own password). */
  skipped?: number;
  /** Work chunks, per phase; a phase starts when the previous one has all its chunks done. */
  phases: number[];
  /** Rows in each chunk, per phase. */
  chunkSizes: number[][];
  phase: number;
  /** The last phase whose work messages were all sent (so a redelivered fan-out is not repeated). */
  fannedOut?: number;
  chunksDone: number;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Errors found before queuing (invalid rows): they count as failed from the start. */
  errors: JobError[];
  /** Jobs whose work list is built by the fan-out consumer (a cohort) are planned there; roster jobs at once. */
  planned?: boolean;
  /** A regeneration job's selection, in the order chosen: a user in several groups is listed under the first. */
  groups?: { groupId: string; name: string }[];
  /** Rows per work chunk, for jobs planned by the fan-out consumer. */
  chunkSize?: number;
  /** A regeneration job's one-time report (or a pupil-PIN job's slips). */
  report?: ReportState;
  /**
   * A pupil-PIN job: `defaults` gives every pupil without a PIN the tenant's default one; `random` gives every
   * pupil of the selection a new random PIN of `pinLength` digits.
   */
  pins?: { mode: "defaults" | "random"; pinLength: number; birthday: boolean };
};

export type ReportState = {
  status: "pending" | "available" | "retrieved";
  retrievedAt?: string;
  retrievedBy?: string;
};

/** The status a job reaches once every chunk of its last phase is done. */
export function finalStatus(job: Pick<Job, "total" | "failed" | "processed">): JobStatus {
  if (job.failed === 0) return "completed";
  if (job.processed === 0 && job.total > 0) return "failed";
  return "completed_with_failures";
}

/** Whether a job is finished (no further state changes). */
export function isFinished(status: JobStatus): boolean {
  return status === "completed" || status === "completed_with_failures" || status === "failed";
}

/** Rows in chunk `chunk` (0-based) of `phase` (1-based). */
export function chunkRows(job: Pick<Job, "chunkSizes">, phase: number, chunk: number): number {
  return job.chunkSizes[phase - 1]?.[chunk] ?? 0;
}

/**
 * Splits rows into chunks of at most `maxRows` rows and about `maxBytes` of JSON each, so one chunk is one work
 * message and fits in one DynamoDB item (400 KB). A single row larger than `maxBytes` gets a chunk of its own.
 */
export function splitIntoChunks<T>(rows: readonly T[], limits: { maxRows: number; maxBytes: number }): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length > 0 && (current.length >= limits.maxRows || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * A new job over a cohort of groups, planned later by the fan-out consumer: no chunks yet, counters at zero, its
 * one-time report pending.
 */
export function newCohortJob(
  fields: Pick<Job, "tenantId" | "jobId" | "type" | "createdBy" | "createdAt" | "chunkSize" | "pins"> & {
    groups: { groupId: string; name: string }[];
  },
): Job {
  return {
    status: "queued",
    total: 0,
    processed: 0,
    failed: 0,
    skipped: 0,
    phases: [],
    chunkSizes: [],
    phase: 1,
    chunksDone: 0,
    errors: [],
    report: { status: "pending" },
    ...fields,
    groups: fields.groups.map((g) => ({ groupId: g.groupId, name: g.name })),
  };
}
