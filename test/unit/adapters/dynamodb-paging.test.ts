import type { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { maxItemsReadPerPage, queryPage } from "../../../lib/adapters/dynamodb/paging.js";

/**
 * A partition of `count` items (sk 00000…) read the way DynamoDB reads: `Limit` counts items read before the filter,
 * `ScannedCount` says how many were read, `LastEvaluatedKey` is the last item read when the limit stopped it.
 * The filter keeps the items whose number `matches`.
 */
function partition(count: number, matches: (n: number) => boolean) {
  const sk = (n: number) => String(n).padStart(5, "0");
  let read = 0;
  const db = {
    async send(command: QueryCommand) {
      const input = command.input;
      const from = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.sk) + 1 : 0;
      const to = Math.min(count, from + (input.Limit ?? count));
      const numbers = Array.from({ length: to - from }, (_, i) => from + i);
      read += numbers.length;
      return {
        Items: numbers
          .filter((n) => !input.FilterExpression || matches(n))
          .map((n) => ({ pk: "P", sk: sk(n) })),
        ScannedCount: numbers.length,
        ...(to < count ? { LastEvaluatedKey: { pk: "P", sk: sk(to - 1) } } : {}),
      };
    },
  };
  const page = (limit: number, after?: string) =>
    queryPage(
      db as unknown as DynamoDBDocumentClient,
      { TableName: "t", KeyConditionExpression: "pk = :p", FilterExpression: "contains(x, :q)" },
      limit,
      after,
      (key) => key.pk === "P",
    );
  return { page, read: () => read };
}

describe("queryPage: a filtered list reads a bounded number of items per request", () => {
  it("stops after 1,000 items read when nothing matches, with a cursor to continue", async () => {
    const p = partition(5_000, () => false);
    const first = await p.page(50);
    expect(first.items).toEqual([]);
    expect(first.read).toBe(maxItemsReadPerPage);
    expect(p.read()).toBe(1_000);
    expect(first.cursor).toBeDefined();
  });

  it("returns the matches found so far, then the rest by following the cursor, and ends without one", async () => {
    const p = partition(2_500, (n) => n === 10 || n === 2_400);
    const first = await p.page(50);
    expect(first.items.map((i) => i.sk)).toEqual(["00010"]);
    const pages = [first];
    while (pages.at(-1)?.cursor) pages.push(await p.page(50, pages.at(-1)?.cursor));
    expect(pages.flatMap((x) => x.items.map((i) => i.sk))).toEqual(["00010", "02400"]);
    expect(pages.every((x) => x.read <= maxItemsReadPerPage)).toBe(true);
    expect(pages).toHaveLength(3);
    expect(p.read()).toBe(2_500);
  });

  it("still stops at the page size when enough items match early", async () => {
    const p = partition(5_000, () => true);
    const first = await p.page(20);
    expect(first.items).toHaveLength(20);
    expect(first.cursor).toBeDefined();
    const next = await p.page(20, first.cursor);
    expect(next.items[0]?.sk).toBe("00020");
  });
});
