import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Job, JobStatus } from "../../domain/job.js";
import type { ChunkResult, JobRepository } from "../../ports/job-repository.js";
import { conditionally } from "./client.js";
import {
  chunkErrors,
  chunkExpiry,
  deleteChunks,
  getChunk,
  isChunkDone,
  putChunks,
  readChunks,
  recordChunkDone,
} from "./job-chunks.js";
import { keys, withoutKeys } from "./keys.js";

/** Errors kept on the job item itself (the API response that queued the job lists all of them). */
const storedErrorLimit = 500;

/**
 * Bulk jobs: the `JOB` item (state, plan, counters, report) and, through `job-chunks.ts`, its stored chunks and
 * chunk-done markers.
 */
export class DynamoJobRepository implements JobRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private get table() {
    return { db: this.db, tableName: this.tableName };
  }

  async create(job: Job, chunks: unknown[][][]): Promise<void> {
    await putChunks(this.table, job, chunks, chunkExpiry(new Date(job.createdAt)));
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.job(job.tenantId, job.jobId),
          ...keys.jobList(job.tenantId, job.createdAt, job.jobId),
          ...job,
          errors: job.errors.slice(0, storedErrorLimit),
          errorCount: job.errors.length,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(tenantId: string, jobId: string): Promise<Job | undefined> {
    const job = await this.progress(tenantId, jobId);
    if (!job) return undefined;
    const more = await chunkErrors(this.table, { tenantId, jobId }, storedErrorLimit - job.errors.length);
    return { ...job, errors: [...job.errors, ...more] };
  }

  async progress(tenantId: string, jobId: string): Promise<Job | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.job(tenantId, jobId), ConsistentRead: true }),
    );
    return Item ? (withoutKeys(Item) as Job) : undefined;
  }

  async getChunk(tenantId: string, jobId: string, phase: number, chunk: number, now: Date) {
    return getChunk(this.table, { tenantId, jobId }, phase, chunk, now);
  }

  async isChunkDone(tenantId: string, jobId: string, phase: number, chunk: number): Promise<boolean> {
    return isChunkDone(this.table, { tenantId, jobId }, phase, chunk);
  }

  async markRunning(tenantId: string, jobId: string, now: Date): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET #s = :running, startedAt = if_not_exists(startedAt, :now)",
          ConditionExpression: "#s = :queued",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: {
            ":running": "running",
            ":queued": "queued",
            ":now": now.toISOString(),
          },
        }),
      ),
    );
  }

  async completeChunk(tenantId: string, jobId: string, phase: number, chunk: number, result: ChunkResult) {
    const firstTime = await recordChunkDone(this.table, { tenantId, jobId }, phase, chunk, result);
    return firstTime ? this.progress(tenantId, jobId) : undefined;
  }

  async markFannedOut(tenantId: string, jobId: string, phase: number): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET fannedOut = :phase",
          ConditionExpression: "attribute_not_exists(fannedOut) OR fannedOut < :phase",
          ExpressionAttributeValues: { ":phase": phase },
        }),
      ),
    );
  }

  async advancePhase(tenantId: string, jobId: string, phase: number): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET #phase = :next",
          ConditionExpression: "#phase = :phase",
          ExpressionAttributeNames: { "#phase": "phase" },
          ExpressionAttributeValues: { ":next": phase + 1, ":phase": phase },
        }),
      ),
    );
  }

  async finish(tenantId: string, jobId: string, status: JobStatus, now: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET #s = :status, finishedAt = :now",
          ConditionExpression: "#s IN (:queued, :running)",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: {
            ":status": status,
            ":now": now.toISOString(),
            ":queued": "queued",
            ":running": "running",
          },
        }),
      ),
    );
  }

  async plan(tenantId: string, jobId: string, chunks: unknown[][], now: Date): Promise<boolean> {
    const job = await this.progress(tenantId, jobId);
    if (!job || job.planned) return false;
    // Chunks first, then the plan: a consumer never sees a plan whose chunks are not stored. A concurrent planner
    // (the same message delivered twice at once) writes the same members in the same order.
    await putChunks(this.table, { tenantId, jobId }, [chunks], chunkExpiry(now));
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET planned = :true, phases = :phases, chunkSizes = :sizes, #total = :total",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(planned)",
          ExpressionAttributeNames: { "#total": "total" },
          ExpressionAttributeValues: {
            ":true": true,
            ":phases": [chunks.length],
            ":sizes": [chunks.map((c) => c.length)],
            ":total": chunks.reduce((n, c) => n + c.length, 0),
          },
        }),
      ),
    );
  }

  async chunks(tenantId: string, jobId: string, phase: number): Promise<unknown[][]> {
    return readChunks(this.table, { tenantId, jobId }, phase);
  }

  async deleteChunks(tenantId: string, jobId: string, phase: number): Promise<void> {
    const count = (await this.progress(tenantId, jobId))?.phases[phase - 1] ?? 0;
    await deleteChunks(this.table, { tenantId, jobId }, phase, count);
  }

  async openReport(tenantId: string, jobId: string): Promise<void> {
    await conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET report = :available",
          ConditionExpression:
            "attribute_exists(pk) AND (attribute_not_exists(report) OR report.#s = :pending)",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":available": { status: "available" }, ":pending": "pending" },
        }),
      ),
    );
  }

  async consumeReport(tenantId: string, jobId: string, by: string, now: Date): Promise<boolean> {
    return conditionally(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(tenantId, jobId),
          UpdateExpression: "SET report = :retrieved",
          ConditionExpression: "report.#s = :available",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: {
            ":retrieved": { status: "retrieved", retrievedAt: now.toISOString(), retrievedBy: by },
            ":available": "available",
          },
        }),
      ),
    );
  }
}
