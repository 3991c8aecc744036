import type { Job, JobError, JobStatus } from "../../lib/domain/job.js";
import type { ChunkResult, JobRepository } from "../../lib/ports/job-repository.js";
import type { JobSecrets } from "../../lib/ports/job-secrets.js";
import type { Sealed } from "../../lib/ports/secret-box.js";
import { conditionFailed, copy, tick } from "./support.js";

/** As the adapter: stored chunks expire after 14 days; errors kept on the job and on one done marker. */
const workingDataSeconds = 14 * 24 * 3600;
const storedErrorLimit = 500;
const markerErrorLimit = 100;

type StoredChunk = { rows: unknown[]; expiresAt: number };

/**
 * `DynamoJobRepository` in memory, with its conditions: a chunk completes once (a second completion is
 * `undefined`), a job is planned once, finishes once, advances a phase once; chunks expire (`expiresAt` against
 * the `now` passed in); the report opens once and is consumed by one caller.
 */
export class FakeJobRepository implements JobRepository {
  private readonly jobs = new Map<string, Job>();
  private readonly chunkItems = new Map<string, StoredChunk>();
  private readonly done = new Map<string, ChunkResult>();

  private chunkKey(tenantId: string, jobId: string, phase: number, chunk: number) {
    // Zero-padded like the table's sort keys, so key order is chunk order.
    return `${tenantId}|${jobId}|${phase}|${String(chunk).padStart(6, "0")}`;
  }

  private job(tenantId: string, jobId: string) {
    return this.jobs.get(`${tenantId}|${jobId}`);
  }

  async create(job: Job, chunks: unknown[][][]): Promise<void> {
    await tick();
    const expiresAt = Math.floor(Date.parse(job.createdAt) / 1000) + workingDataSeconds;
    this.storeChunks(job.tenantId, job.jobId, chunks, expiresAt);
    if (this.job(job.tenantId, job.jobId)) throw conditionFailed();
    this.jobs.set(`${job.tenantId}|${job.jobId}`, {
      ...copy(job),
      errors: job.errors.slice(0, storedErrorLimit),
      errorCount: job.errors.length,
    } as Job);
  }

  private storeChunks(tenantId: string, jobId: string, chunks: unknown[][][], expiresAt: number) {
    chunks.forEach((phase, p) => {
      phase.forEach((rows, n) => {
        this.chunkItems.set(this.chunkKey(tenantId, jobId, p + 1, n), { rows: copy(rows), expiresAt });
      });
    });
  }

  async get(tenantId: string, jobId: string): Promise<Job | undefined> {
    const job = await this.progress(tenantId, jobId);
    if (!job) return undefined;
    const room = storedErrorLimit - job.errors.length;
    const fromChunks: JobError[] = [];
    for (const [key, result] of [...this.done].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (key.startsWith(`${tenantId}|${jobId}|`)) fromChunks.push(...result.errors);
    }
    return { ...job, errors: [...job.errors, ...fromChunks.slice(0, Math.max(0, room))] };
  }

  async progress(tenantId: string, jobId: string): Promise<Job | undefined> {
    await tick();
    const job = this.job(tenantId, jobId);
    return job && copy(job);
  }

  async getChunk(tenantId: string, jobId: string, phase: number, chunk: number, now: Date) {
    await tick();
    const item = this.chunkItems.get(this.chunkKey(tenantId, jobId, phase, chunk));
    // Expired items linger in the table until TTL deletes them: the adapter treats them as gone.
    if (!item || item.expiresAt <= now.getTime() / 1000) return undefined;
    return copy(item.rows);
  }

  async isChunkDone(tenantId: string, jobId: string, phase: number, chunk: number): Promise<boolean> {
    await tick();
    return this.done.has(this.chunkKey(tenantId, jobId, phase, chunk));
  }

  async markRunning(tenantId: string, jobId: string, now: Date): Promise<void> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (job?.status !== "queued") return;
    job.status = "running";
    job.startedAt ??= now.toISOString();
  }

  async completeChunk(tenantId: string, jobId: string, phase: number, chunk: number, result: ChunkResult) {
    await tick();
    const key = this.chunkKey(tenantId, jobId, phase, chunk);
    const job = this.job(tenantId, jobId);
    if (this.done.has(key) || !job) return undefined;
    this.done.set(key, { ...copy(result), errors: result.errors.slice(0, markerErrorLimit) });
    job.processed += result.processed;
    job.failed += result.failed;
    job.chunksDone += 1;
    if (result.skipped) job.skipped = (job.skipped ?? 0) + result.skipped;
    return this.progress(tenantId, jobId);
  }

  async markFannedOut(tenantId: string, jobId: string, phase: number): Promise<void> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (job && (job.fannedOut === undefined || job.fannedOut < phase)) job.fannedOut = phase;
  }

  async advancePhase(tenantId: string, jobId: string, phase: number): Promise<boolean> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (job?.phase !== phase) return false;
    job.phase = phase + 1;
    return true;
  }

  async finish(tenantId: string, jobId: string, status: JobStatus, now: Date): Promise<boolean> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (!job || (job.status !== "queued" && job.status !== "running")) return false;
    job.status = status;
    job.finishedAt = now.toISOString();
    return true;
  }

  async plan(tenantId: string, jobId: string, chunks: unknown[][], now: Date): Promise<boolean> {
    const current = await this.progress(tenantId, jobId);
    if (!current || current.planned) return false;
    // Chunks first, then the plan (a concurrent planner writes the same chunks).
    this.storeChunks(tenantId, jobId, [chunks], Math.floor(now.getTime() / 1000) + workingDataSeconds);
    await tick();
    const job = this.job(tenantId, jobId);
    if (!job || job.planned) return false;
    job.planned = true;
    job.phases = [chunks.length];
    job.chunkSizes = [chunks.map((c) => c.length)];
    job.total = chunks.reduce((n, c) => n + c.length, 0);
    return true;
  }

  async chunks(tenantId: string, jobId: string, phase: number): Promise<unknown[][]> {
    await tick();
    const prefix = `${tenantId}|${jobId}|${phase}|`;
    return [...this.chunkItems]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, item]) => copy(item.rows));
  }

  async deleteChunks(tenantId: string, jobId: string, phase: number): Promise<void> {
    const count = (await this.progress(tenantId, jobId))?.phases[phase - 1] ?? 0;
    for (let n = 0; n < count; n++) this.chunkItems.delete(this.chunkKey(tenantId, jobId, phase, n));
  }

  async openReport(tenantId: string, jobId: string): Promise<void> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (job && (!job.report || job.report.status === "pending")) job.report = { status: "available" };
  }

  async consumeReport(tenantId: string, jobId: string, by: string, now: Date): Promise<boolean> {
    await tick();
    const job = this.job(tenantId, jobId);
    if (job?.report?.status !== "available") return false;
    job.report = { status: "retrieved", retrievedAt: now.toISOString(), retrievedBy: by };
    return true;
  }
}

/** `DynamoJobSecrets` in memory. */
export class FakeJobSecrets implements JobSecrets {
  private readonly secrets = new Map<string, Sealed>();

  async put(tenantId: string, jobId: string, sealed: Sealed): Promise<void> {
    await tick();
    this.secrets.set(`${tenantId}|${jobId}`, copy(sealed));
  }

  async get(tenantId: string, jobId: string): Promise<Sealed | undefined> {
    await tick();
    const sealed = this.secrets.get(`${tenantId}|${jobId}`);
    return sealed && copy(sealed);
  }

  async delete(tenantId: string, jobId: string): Promise<void> {
    await tick();
    this.secrets.delete(`${tenantId}|${jobId}`);
  }
}
