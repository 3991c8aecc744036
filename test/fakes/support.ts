/** What the fakes share: the adapters' failure for an unmet condition, a yield point, copies, and paging. */
import { InvalidCursorError } from "../../lib/adapters/dynamodb/client.js";

/** The error a DynamoDB write whose condition did not hold throws (the adapters let some of these through). */
export function conditionFailed(): Error {
  const error = new Error("The conditional request failed");
  error.name = "ConditionalCheckFailedException";
  return error;
}

/**
 * Lets other pending calls run, as a round trip to the table would: parallel use cases interleave between a fake's
 * reads and writes as they do against DynamoDB, while each single write stays atomic.
 */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A copy, so a caller never holds the fake's own record (the table returns fresh items too). */
export const copy = <T>(value: T): T => structuredClone(value);

/**
 * One page of `items` (already in list order) after `cursor`: an opaque cursor naming the last item returned,
 * `InvalidCursorError` for one that is not from this list, as the adapters answer.
 */
export function pageOf<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  limit: number,
  cursor: string | undefined,
): { items: T[]; cursor?: string } {
  let start = 0;
  if (cursor) {
    let last: string;
    try {
      last = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")).after;
    } catch {
      throw new InvalidCursorError();
    }
    const index = items.findIndex((item) => idOf(item) === last);
    if (typeof last !== "string" || index < 0) throw new InvalidCursorError();
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  const after = page.at(-1);
  return {
    items: page.map(copy),
    ...(more && after !== undefined
      ? { cursor: Buffer.from(JSON.stringify({ after: idOf(after) })).toString("base64url") }
      : {}),
  };
}
