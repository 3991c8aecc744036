import { chunkRows, finalStatus, isFinished, type Job, type JobStatus } from "../../domain/job.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import type { FanOutMessage, JobMessage, WorkMessage } from "../../ports/messages.js";
import type { JobDeps } from "./job-definition.js";
import { jobDefinition } from "./job-types.js";

/** The job consumers: fan-out, work and dead letters, for every job type (each type's steps: `job-types.ts`). */

async function finishJob(deps: JobDeps, job: Job, status: JobStatus): Promise<void> {
  const definition = jobDefinition(job.type);
  await definition.finish?.(deps, job, status);
  if (await deps.jobs.finish(job.tenantId, job.jobId, status, deps.clock.now())) {
    await definition.followUp?.(deps, job);
  }
}

/**
 * Fan-out: one message per job phase becomes one work message per stored chunk.
 * 1. Ignore unknown or finished jobs, and phases already fanned out (a redelivered message).
 * 2. Mark the job running (first phase) and send the phase's work messages, 10 per `SendMessageBatch`.
 * 3. Record the phase as fanned out.
 */
export async function fanOutJob(deps: JobDeps, message: FanOutMessage): Promise<void> {
  let job = await deps.jobs.progress(message.tenantId, message.jobId);
  if (!job || isFinished(job.status) || (job.fannedOut ?? 0) >= message.phase) return;
  await deps.jobs.markRunning(job.tenantId, job.jobId, deps.clock.now());
  const definition = jobDefinition(job.type);
  if (definition.plan && !job.planned) {
    await definition.plan(deps, job);
    job = await deps.jobs.progress(job.tenantId, job.jobId);
    if (!job) return;
    if (job.total === 0) return finishJob(deps, job, "completed");
  }
  const chunks = job.phases[message.phase - 1] ?? 0;
  await deps.jobQueue.work(
    Array.from({ length: chunks }, (_, chunk) => ({
      ...message,
      chunk,
      rows: chunkRows(job as Job, message.phase, chunk),
    })),
  );
  await deps.jobs.markFannedOut(job.tenantId, job.jobId, message.phase);
}

/**
 * Work: processes one chunk exactly once in effect.
 * 1. A chunk already done (a redelivery) is not applied again — rows from an old job must not overwrite newer
 *    data — but the phase is still checked, in case the first delivery died before advancing it.
 * 2. Load the chunk; a missing chunk is an error (the message is retried, then dead-lettered).
 * 3. Apply it (idempotent per row), then record the result and add to the job's counters in one transaction
 *    that only succeeds the first time for this chunk.
 * 4. When the phase's last chunk is done, start the next phase or finish the job.
 */
export async function processJobChunk(deps: JobDeps, message: WorkMessage): Promise<void> {
  const { tenantId, jobId, phase, chunk } = message;
  const [done, job, rows] = await Promise.all([
    deps.jobs.isChunkDone(tenantId, jobId, phase, chunk),
    deps.jobs.progress(tenantId, jobId),
    deps.jobs.getChunk(tenantId, jobId, phase, chunk, deps.clock.now()),
  ]);
  if (done) {
    if (job) await afterChunk(deps, job, phase, true);
    return;
  }
  if (!job || !rows) throw new Error(`Chunk ${phase}/${chunk} of job ${jobId} is missing`);
  const result = await jobDefinition(message.type).chunk(deps, job, rows);
  await complete(deps, message, {
    processed: result.processed,
    failed: result.failed,
    skipped: result.skipped,
    errors: result.errors,
  });
}

/**
 * Dead letter: a chunk that failed every attempt counts all its rows as failed, so the job still reaches a final
 * state; a dead fan-out message fails the job.
 */
export async function deadLetterJobMessage(deps: JobDeps, message: JobMessage): Promise<void> {
  if (!("chunk" in message)) {
    const job = await deps.jobs.progress(message.tenantId, message.jobId);
    if (job) await finishJob(deps, job, "failed");
    return;
  }
  await complete(deps, message, {
    processed: 0,
    failed: message.rows,
    errors: [
      {
        reason: `chunk ${message.phase}.${message.chunk} (${message.rows} rows) failed after repeated attempts`,
      },
    ],
  });
}

async function complete(deps: JobDeps, message: WorkMessage, result: ChunkResult): Promise<void> {
  const { tenantId, jobId, phase } = message;
  const updated = await deps.jobs.completeChunk(tenantId, jobId, phase, message.chunk, result);
  // Already done: a redelivery. Re-check the phase anyway in case the first delivery died before advancing it.
  const job = updated ?? (await deps.jobs.progress(tenantId, jobId));
  if (job) await afterChunk(deps, job, phase, updated === undefined);
}

async function afterChunk(deps: JobDeps, job: Job, phase: number, redelivered: boolean): Promise<void> {
  const needed = job.phases.slice(0, phase).reduce((a, b) => a + b, 0);
  if (job.chunksDone < needed) return;
  if (isFinished(job.status)) {
    // A redelivery after the job finished: complete the type's finishing steps in case they were cut short.
    if (redelivered) await jobDefinition(job.type).finish?.(deps, job, job.status);
    return;
  }
  if (phase >= job.phases.length) return finishJob(deps, job, finalStatus(job));
  const advanced = await deps.jobs.advancePhase(job.tenantId, job.jobId, phase);
  // A redelivery finds the phase advanced; if the next phase's fan-out never completed, send it again.
  if (advanced || (redelivered && (job.fannedOut ?? 0) <= phase)) {
    await deps.jobQueue.fanOut({
      tenantId: job.tenantId,
      jobId: job.jobId,
      type: job.type,
      phase: phase + 1,
    });
  }
}
