import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { table } from "../../topology/table.js";
import { cursor } from "./client.js";

const keyAttributes = [
  table.partitionKey,
  table.sortKey,
  ...table.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
];

/**
 * The most items one request reads for a filtered list (a search over a large school): it then answers what it
 * found so far, possibly nothing, with a cursor to continue, so no request reads a whole tenant.
 */
export const maxItemsReadPerPage = 1_000;

/**
 * Runs a query until `limit` items matched (filters apply after DynamoDB's own limit, so one call may return
 * fewer) or `maxRead` items were read, and returns an opaque cursor positioned after the last item returned (or
 * the last item read, when the bound stopped it short).
 */
export async function queryPage(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
  after: string | undefined,
  cursorBelongs: (key: Record<string, unknown>) => boolean,
  maxRead = maxItemsReadPerPage,
): Promise<{ items: Record<string, unknown>[]; cursor?: string; read: number }> {
  const items: Record<string, unknown>[] = [];
  const indexKeys = input.IndexName ? keyAttributes : [table.partitionKey, table.sortKey];
  // A cursor must be exactly a key of this list: anything else would reach DynamoDB as a malformed start key.
  const wellFormed = (key: Record<string, unknown>) =>
    Object.keys(key).length === indexKeys.length &&
    indexKeys.every((k) => typeof key[k] === "string") &&
    cursorBelongs(key);
  let start = cursor.decode(after, wellFormed);
  let read = 0;
  do {
    const wanted = input.FilterExpression ? Math.max(limit * 4, 100) : limit - items.length;
    const page = await db.send(
      new QueryCommand({ ...input, ExclusiveStartKey: start, Limit: Math.min(wanted, maxRead - read) }),
    );
    items.push(...(page.Items ?? []));
    read += page.ScannedCount ?? page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start && items.length < limit && read < maxRead);

  if (items.length > limit) {
    items.length = limit;
    const last = items[limit - 1] as Record<string, unknown>;
    start = Object.fromEntries(indexKeys.filter((k) => last[k] !== undefined).map((k) => [k, last[k]]));
  }
  return { items, cursor: cursor.encode(start), read };
}
