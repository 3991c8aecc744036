import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Job, JobError, JobStatus } from "../../domain/job.js";
import type { ChunkResult, JobRepository } from "../../ports/job-repository.js";
import { batchDelete, batchPut } from "./batch.js";
import { conditionally } from "./client.js";
import { keys, withoutKeys } from "./keys.js";

/** Errors kept on the job item itself (the API response that queued the job lists all of them). */
const storedErrorLimit = 500;
/**
 * Stored chunks hold roster rows (personal data): they expire after this long. The job and its done markers
 * (which carry row errors) are kept.
 */
const workingDataSeconds = 14 * 24 * 3600;

export class DynamoJobRepository implements JobRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: Job, chunks: unknown[][][]): Promise<void> {
    const expiresAt = Math.floor(Date.parse(job.createdAt) / 1000) + workingDataSeconds;
    const items = chunks.flatMap((phase, p) =>
      phase.map((rows, n) => ({ ...keys.jobChunk(job.tenantId, job.jobId, p + 1, n), rows, expiresAt })),
    );
    await batchPut(this.db, this.tableName, items);
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
    const chunkErrors = await this.chunkErrors(tenantId, jobId, storedErrorLimit - job.errors.length);
    return { ...job, errors: [...job.errors, ...chunkErrors] };
  }

  async progress(tenantId: string, jobId: string): Promise<Job | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.job(tenantId, jobId), ConsistentRead: true }),
    );
    return Item ? (withoutKeys(Item) as Job) : undefined;
  }

  async getChunk(tenantId: string, jobId: string, phase: number, chunk: number, now: Date) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.jobChunk(tenantId, jobId, phase, chunk) }),
    );
    // DynamoDB deletes expired items late (DynamoDB Local never does): an expired chunk is gone.
    if (!Item || Number(Item.expiresAt) <= now.getTime() / 1000) return undefined;
    return Item.rows as unknown[];
  }

  async isChunkDone(tenantId: string, jobId: string, phase: number, chunk: number): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.jobChunkDone(tenantId, jobId, phase, chunk),
        ProjectionExpression: "pk",
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
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
    const firstTime = await conditionally(
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.jobChunkDone(tenantId, jobId, phase, chunk),
                  ...result,
                  errors: result.errors.slice(0, 100),
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.job(tenantId, jobId),
                UpdateExpression: `ADD #processed :p, #failed :f, chunksDone :one${result.skipped ? ", skipped :s" : ""}`,
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeNames: { "#processed": "processed", "#failed": "failed" },
                ExpressionAttributeValues: {
                  ":p": result.processed,
                  ":f": result.failed,
                  ":one": 1,
                  ...(result.skipped ? { ":s": result.skipped } : {}),
                },
              },
            },
          ],
        }),
      ),
    );
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
    const expiresAt = Math.floor(now.getTime() / 1000) + workingDataSeconds;
    // Chunks first, then the plan: a consumer never sees a plan whose chunks are not stored. A concurrent planner
    // (the same message delivered twice at once) writes the same members in the same order.
    await batchPut(
      this.db,
      this.tableName,
      chunks.map((rows, n) => ({ ...keys.jobChunk(tenantId, jobId, 1, n), rows, expiresAt })),
    );
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
    const out: unknown[][] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :c)",
          ExpressionAttributeValues: {
            ":p": keys.jobPartition(tenantId, jobId),
            ":c": keys.jobChunkPrefix(phase),
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) out.push(item.rows as unknown[]);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async deleteChunks(tenantId: string, jobId: string, phase: number): Promise<void> {
    const count = (await this.progress(tenantId, jobId))?.phases[phase - 1] ?? 0;
    await batchDelete(
      this.db,
      this.tableName,
      Array.from({ length: count }, (_, n) => keys.jobChunk(tenantId, jobId, phase, n)),
    );
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

  private async chunkErrors(tenantId: string, jobId: string, limit: number): Promise<JobError[]> {
    if (limit <= 0) return [];
    const errors: JobError[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :p AND begins_with(sk, :d)",
          FilterExpression: "size(errors) > :zero",
          ProjectionExpression: "errors",
          ExpressionAttributeValues: {
            ":p": keys.jobPartition(tenantId, jobId),
            ":d": keys.jobChunkDonePrefix,
            ":zero": 0,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) errors.push(...((item.errors as JobError[]) ?? []));
      start = page.LastEvaluatedKey;
    } while (start && errors.length < limit);
    return errors.slice(0, limit);
  }
}
