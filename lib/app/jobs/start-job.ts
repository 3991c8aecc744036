import { isFinished, type Job } from "../../domain/job.js";
import type { Deps } from "../deps.js";

/** What a job type does around recording its job; every step is optional. */
export type StartSteps = {
  /** The job's chunks (`chunks[phase][n]` = rows), for jobs created with their work list; none for planned jobs. */
  chunks?: unknown[][][];
  /** Before the job is recorded (e.g. create its sealed job key). */
  prepare?: () => Promise<void>;
  /** After the job is recorded, before it is queued (e.g. the tenant audit event). */
  recorded?: () => Promise<void>;
  /** After a failure marked the job failed (e.g. free a lock the caller took). */
  onFailure?: () => Promise<void>;
};

/**
 * Starts a bulk job: create → fan out → mark it failed on error, so a job nothing will run never stays "queued".
 * 1. `prepare`, record the job (and its chunks), `recorded`.
 * 2. A job that is already finished (nothing to run, e.g. a roster without a valid row) is only recorded.
 * 3. Queue the fan-out message of phase 1; its consumer plans the job if its type does, and queues the work.
 * Any failure marks the job failed, runs `onFailure` and rethrows the original error.
 */
export async function startJob(
  deps: Pick<Deps, "jobs" | "jobQueue" | "clock">,
  job: Job,
  steps: StartSteps = {},
): Promise<Job> {
  const { tenantId, jobId, type } = job;
  try {
    await steps.prepare?.();
    await deps.jobs.create(job, steps.chunks ?? []);
    await steps.recorded?.();
    if (isFinished(job.status)) return job;
    await deps.jobQueue.fanOut({ tenantId, jobId, type, phase: 1 });
  } catch (error) {
    await deps.jobs.finish(tenantId, jobId, "failed", deps.clock.now()).catch(() => undefined);
    await steps.onFailure?.();
    throw error;
  }
  return job;
}
