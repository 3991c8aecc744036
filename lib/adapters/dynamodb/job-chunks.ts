/**
 * A job's stored work chunks (`CHUNK#<phase>#<n>`) and the markers of chunks done (`DONE#<phase>#<n>`), in the
 * job's partition. Functions over the table, used by the job repository (which owns the job item).
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import type { JobError } from "../../domain/job.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import { batchDelete, batchPut } from "./batch.js";
import { conditionally } from "./client.js";
import { keys } from "./keys.js";

/**
 * Stored chunks hold roster rows (personal data): they expire after this long. The job and its done markers
 * (which carry row errors) are kept.
 */
const workingDataSeconds = 14 * 24 * 3600;

/** Row errors kept on one chunk-done marker. */
const markerErrorLimit = 100;

type Table = { db: DynamoDBDocumentClient; tableName: string };
type JobRef = { tenantId: string; jobId: string };

/** When chunks stored at `from` expire (epoch seconds). */
export const chunkExpiry = (from: Date) => Math.floor(from.getTime() / 1000) + workingDataSeconds;

/** Stores the chunks of several phases (`chunks[phase - 1][n]` = rows). */
export async function putChunks(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  chunks: unknown[][][],
  expiresAt: number,
): Promise<void> {
  const items = chunks.flatMap((phase, p) =>
    phase.map((rows, n) => ({ ...keys.jobChunk(tenantId, jobId, p + 1, n), rows, expiresAt })),
  );
  await batchPut(db, tableName, items);
}

/** A stored chunk's rows; undefined when absent or expired. */
export async function getChunk(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  phase: number,
  chunk: number,
  now: Date,
): Promise<unknown[] | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.jobChunk(tenantId, jobId, phase, chunk) }),
  );
  // DynamoDB deletes expired items late (DynamoDB Local never does): an expired chunk is gone.
  if (!Item || Number(Item.expiresAt) <= now.getTime() / 1000) return undefined;
  return Item.rows as unknown[];
}

export async function isChunkDone(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  phase: number,
  chunk: number,
): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.jobChunkDone(tenantId, jobId, phase, chunk),
      ProjectionExpression: "pk",
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/**
 * Writes the chunk's done marker and adds its counts to the job item in one transaction, once: false (nothing
 * written) when the chunk was already done.
 */
export async function recordChunkDone(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  phase: number,
  chunk: number,
  result: ChunkResult,
): Promise<boolean> {
  return conditionally(
    db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.jobChunkDone(tenantId, jobId, phase, chunk),
                ...result,
                errors: result.errors.slice(0, markerErrorLimit),
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Update: {
              TableName: tableName,
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
}

/** Every stored chunk of a phase, in order (rows per chunk). */
export async function readChunks(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  phase: number,
): Promise<unknown[][]> {
  const out: unknown[][] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
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

/** Deletes the first `count` chunks of a phase. */
export async function deleteChunks(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  phase: number,
  count: number,
): Promise<void> {
  await batchDelete(
    db,
    tableName,
    Array.from({ length: count }, (_, n) => keys.jobChunk(tenantId, jobId, phase, n)),
  );
}

/** Row errors recorded on the job's chunk-done markers (every phase), at most `limit`. */
export async function chunkErrors(
  { db, tableName }: Table,
  { tenantId, jobId }: JobRef,
  limit: number,
): Promise<JobError[]> {
  if (limit <= 0) return [];
  const errors: JobError[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
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
