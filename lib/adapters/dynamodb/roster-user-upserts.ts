/**
 * Roster upserts of users: create the user a row's external id does not know yet, or apply the row to the one it
 * does. Functions over the table (not a class) so the user repository's transactions stay in one place.
 */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "../../domain/errors.js";
import { normaliseEmail, normaliseUsername, type User } from "../../domain/model.js";
import type { UserRow } from "../../domain/roster.js";
import { RosterRowRefusedError } from "../../domain/user-merge.js";
import type { BulkUpsertResult, UpsertOutcome, UserRepository } from "../../ports/user-repository.js";
import { transactEntries } from "./bulk-transact.js";
import { keys } from "./keys.js";
import { changedUser, createItems, identityItems, newUser, userItem, usernameClaim } from "./user-items.js";
import { RetryableRace, type Transaction, writeUserItems } from "./user-transactions.js";

/** The table, and the reads of users the upserts build on. */
export type UserTable = {
  db: DynamoDBDocumentClient;
  tableName: string;
  users: Pick<UserRepository, "get" | "getMany" | "idsByExternalId">;
};

/** One row: creates or updates, re-reading when a concurrent writer changed the same user (a few times). */
export async function upsertUserFromRoster(
  table: UserTable,
  tenantId: string,
  row: UserRow,
  now: Date,
): Promise<{ outcome: UpsertOutcome; userId: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await tryUpsert(table, tenantId, row, now);
    } catch (error) {
      // Another writer changed the same user between our read and write: read again.
      if (error instanceof RetryableRace && attempt < 3) continue;
      throw error;
    }
  }
}

/** Many rows with distinct external ids: unchanged users cost one batch read, new ones few transactions. */
export async function upsertUsersFromRoster(
  table: UserTable,
  tenantId: string,
  rows: readonly UserRow[],
  now: Date,
): Promise<BulkUpsertResult[]> {
  const results = new Array<BulkUpsertResult>(rows.length);
  const ids = await table.users.idsByExternalId(
    tenantId,
    rows.map((r) => r.externalId),
  );
  const existing = rows.flatMap((row, i) => (ids.has(row.externalId) ? [i] : []));
  const fresh = rows.flatMap((row, i) => (ids.has(row.externalId) ? [] : [i]));
  const slow: number[] = [];

  // Existing users: one batch read, then write only the ones the roster changes.
  const current = new Map(
    (
      await table.users.getMany(
        tenantId,
        existing.map((i) => ids.get((rows[i] as UserRow).externalId) as string),
      )
    ).map((u) => [u.userId, u]),
  );
  for (const i of existing) {
    const row = rows[i] as UserRow;
    const user = current.get(ids.get(row.externalId) as string);
    const next = refusedOr(() => (user ? changedUser(user, row, now) : row));
    if (next instanceof RosterRowRefusedError) results[i] = { error: next.message };
    else if (user && !next) results[i] = { outcome: "unchanged", userId: user.userId };
    else slow.push(i);
  }

  // New users: packed into few transactions; an entry whose condition fails (username taken, created
  // concurrently) takes the one-by-one path, which says why. Rows the merge rules refuse are reported.
  const creatable: number[] = [];
  const created: User[] = [];
  for (const i of fresh) {
    const user = refusedOr(() => newUser(tenantId, rows[i] as UserRow, now));
    if (user instanceof RosterRowRefusedError) results[i] = { error: user.message };
    else {
      creatable.push(i);
      created.push(user);
    }
  }
  const outcomes = await transactEntries(
    table.db,
    created.map((user, n) =>
      createItems(table.tableName, user, (rows[creatable[n] as number] as UserRow).externalId),
    ),
  );
  outcomes.forEach((outcome, n) => {
    const i = creatable[n] as number;
    if (outcome === "written") results[i] = { outcome: "created", userId: (created[n] as User).userId };
    else slow.push(i);
  });

  for (let s = 0; s < slow.length; s += 8) {
    await Promise.all(
      slow.slice(s, s + 8).map(async (i) => {
        try {
          results[i] = await upsertUserFromRoster(table, tenantId, rows[i] as UserRow, now);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          results[i] = { error: error.message };
        }
      }),
    );
  }
  return results;
}

/** The value, or the refusal of the roster merge rules (any other error propagates). */
function refusedOr<T>(f: () => T): T | RosterRowRefusedError {
  try {
    return f();
  } catch (error) {
    if (error instanceof RosterRowRefusedError) return error;
    throw error;
  }
}

async function tryUpsert(
  { db, tableName, users }: UserTable,
  tenantId: string,
  row: UserRow,
  now: Date,
): Promise<{ outcome: UpsertOutcome; userId: string }> {
  const { Item: ext } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.userExternalId(tenantId, row.externalId),
      ConsistentRead: true,
    }),
  );
  if (!ext) {
    const user = newUser(tenantId, row, now);
    await writeUserItems(db, createItems(tableName, user, row.externalId), row.username, true);
    return { outcome: "created", userId: user.userId };
  }

  const userId = ext.userId as string;
  const current = await users.get(tenantId, userId);
  if (!current) throw new RetryableRace();
  const next = changedUser(current, row, now);
  if (!next) return { outcome: "unchanged", userId };
  const items: Transaction = [
    {
      Put: {
        TableName: tableName,
        Item: userItem(next),
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":v": current.version },
      },
    },
  ];
  if (normaliseUsername(current.username) !== normaliseUsername(next.username)) {
    items.push(
      {
        Delete: {
          TableName: tableName,
          Key: keys.username(tenantId, normaliseUsername(current.username)),
          ConditionExpression: "userId = :u",
          ExpressionAttributeValues: { ":u": userId },
        },
      },
      usernameClaim(tableName, tenantId, next.username, userId),
    );
  }
  const oldEmail = current.email && normaliseEmail(current.email);
  const newEmail = next.email && normaliseEmail(next.email);
  if (oldEmail && oldEmail !== newEmail) {
    const { pk, sk } = keys.identityLink(oldEmail, tenantId, userId);
    items.push({ Delete: { TableName: tableName, Key: { pk, sk } } });
    // The old address's Latchkey ID loses the account with its link: its sessions here end with it (and the
    // account's own, as after any change of the address that resets reach).
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...keys.sessionRevocation(tenantId, userId), revokedBefore: now.getTime() },
      },
    });
  }
  if (newEmail && (oldEmail !== newEmail || current.emailVerified !== next.emailVerified)) {
    items.push(...identityItems(tableName, next));
  }
  await writeUserItems(db, items, next.username, true);
  return { outcome: "updated", userId };
}
