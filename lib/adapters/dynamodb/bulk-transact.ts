import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { backoff } from "../backoff.js";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
export type EntryOutcome = "written" | "condition-failed";

/** DynamoDB's limit of actions in one TransactWriteItems call. */
const maxActions = 100;
const maxAttempts = 6;

/**
 * Writes many independent all-or-nothing entries (each a few transaction actions) packed into as few
 * TransactWriteItems calls as fit. When a call is cancelled, the cancellation reasons name the entries whose
 * conditions failed: those are reported as `condition-failed` and the rest are written again. Bulk imports use
 * this because one 100-action transaction costs far less than 30 small ones.
 */
export async function transactEntries(
  db: DynamoDBDocumentClient,
  entries: readonly TransactItem[][],
  options: {
    /** Actions added to each call for the entries packed into it (e.g. counter increments); they must not fail. */
    extra?: (batch: readonly number[]) => TransactItem[];
    /** Actions kept free in each call for `extra`. */
    reserve?: number;
  } = {},
): Promise<EntryOutcome[]> {
  const outcomes = new Array<EntryOutcome | undefined>(entries.length);
  let pending = entries.map((_, i) => i).filter((i) => (entries[i]?.length ?? 0) > 0);
  for (const i of entries.keys()) if ((entries[i]?.length ?? 0) === 0) outcomes[i] = "written";

  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new Error(`Transactions kept conflicting after ${maxAttempts} attempts`);
    if (attempt > 1) await backoff(attempt, 25, 1000);
    const retry: number[] = [];
    const batches = pack(pending, entries, maxActions - (options.reserve ?? 0));
    await Promise.all(
      batches.map(async (batch) => {
        const items = [
          ...batch.flatMap((i) => entries[i] as TransactItem[]),
          ...(options.extra?.(batch) ?? []),
        ];
        try {
          await db.send(new TransactWriteCommand({ TransactItems: items }));
          for (const i of batch) outcomes[i] = "written";
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw error;
          let offset = 0;
          for (const i of batch) {
            const size = (entries[i] as TransactItem[]).length;
            const failed = reasons
              .slice(offset, offset + size)
              .some((r) => r.Code === "ConditionalCheckFailed");
            if (failed) outcomes[i] = "condition-failed";
            else retry.push(i);
            offset += size;
          }
        }
      }),
    );
    pending = retry;
  }
  return outcomes as EntryOutcome[];
}

function pack(pending: readonly number[], entries: readonly TransactItem[][], capacity: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let actions = 0;
  for (const i of pending) {
    const size = entries[i]?.length ?? 0;
    if (size > capacity) throw new Error("An entry exceeds one transaction");
    if (actions + size > capacity) {
      batches.push(current);
      current = [];
      actions = 0;
    }
    current.push(i);
    actions += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function cancellationReasons(error: unknown): { Code?: string }[] | undefined {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e?.name === "TransactionCanceledException" ? (e.CancellationReasons ?? []) : undefined;
}
