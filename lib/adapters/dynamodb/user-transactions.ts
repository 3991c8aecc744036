/** Writing a user's items in one transaction, and telling a taken username from a lost race. */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "../../domain/errors.js";
import { isConditionFailure } from "./client.js";
import { keys } from "./keys.js";

export type Transaction = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** A concurrent writer changed the same user between our read and our write: read again and retry. */
export class RetryableRace extends Error {}

/**
 * Runs a transaction of user items. A failed username claim is a `ConflictError` (with a `/username` field
 * error); any other failed condition means a concurrent writer won: `RetryableRace` when `retryOnRace` (the
 * caller reads again), otherwise a `ConflictError` asking to try again.
 */
export async function writeUserItems(
  db: DynamoDBDocumentClient,
  items: Transaction,
  username: string,
  retryOnRace: boolean,
): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
    const claim = items.findIndex((i) => keys.isUsernameClaim(i.Put?.Item));
    if (failed === claim) {
      throw new ConflictError(`Username ${username} is already taken`, [
        { pointer: "/username", detail: "is already taken" },
      ]);
    }
    if (retryOnRace) throw new RetryableRace();
    throw new ConflictError("The user changed concurrently; try again");
  }
}
