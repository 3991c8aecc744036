/** Bulk jobs: the state rules shared by every kind of job (roster import now; cohorts in later issues). */

export const jobTypes = ["roster-import"] as const;
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
  /** Work chunks, per phase; a phase starts when the previous one has all its chunks done. */
  phases: number[];
  /** Rows per phase, and rows per chunk (the last chunk of a phase may hold fewer). */
  phaseRows: number[];
  chunkSize: number;
  phase: number;
  chunksDone: number;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Errors found before queuing (invalid rows): they count as failed from the start. */
  errors: JobError[];
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
export function chunkRows(job: Pick<Job, "phaseRows" | "chunkSize">, phase: number, chunk: number): number {
  const rows = job.phaseRows[phase - 1] ?? 0;
  return Math.max(0, Math.min(job.chunkSize, rows - chunk * job.chunkSize));
}
