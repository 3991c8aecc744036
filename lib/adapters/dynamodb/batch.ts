import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { backoff } from "../backoff.js";

type Item = Record<string, unknown>;

/** Gets many items by key (strongly consistent), 100 per call, retrying unprocessed keys; optionally projected. */
export async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly { pk: string; sk: string }[],
  projection?: { projection: string; names?: Record<string, string> },
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let pending: Item[] | undefined = itemKeys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt, 50, 2000);
      const res: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ...(projection && {
                ProjectionExpression: projection.projection,
                ExpressionAttributeNames: projection.names,
              }),
            },
          },
        }),
      );
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = res.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return out;
}

/** Puts many items, 25 per call, retrying unprocessed ones. */
export async function batchPut(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
): Promise<void> {
  await batchWrite(
    db,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

/** Deletes many items by key, 25 per call, retrying unprocessed ones. */
export async function batchDelete(
  db: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly { pk: string; sk: string }[],
): Promise<void> {
  await batchWrite(
    db,
    tableName,
    itemKeys.map((Key) => ({ DeleteRequest: { Key } })),
  );
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** Calls in flight at once per batch write: enough to hide round trips without flooding the table. */
const writeConcurrency = 4;

/** 25 requests per `BatchWriteItem`, a few calls in flight, each retried with backoff until nothing is left. */
async function batchWrite(db: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[]) {
  let next = 0;
  const worker = async () => {
    for (let i = next; i < requests.length; i = next) {
      next += 25;
      let pending = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt, 50, 2000);
        const res = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (res.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: writeConcurrency }, worker));
}
