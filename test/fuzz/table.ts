import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";

type Item = Record<string, unknown>;

/**
 * What a refused request may legitimately write, each for a reason the service owes its users:
 * - `EVENT#…` items under a user and the tenant's `…#AUDIT` partition: failed attempts are audited (who tried what).
 * - `…#SIGNUPSRC#…` windows (`source-attempts.ts`): attempts per source address and per tenant feed the per-source
 *   limits of sign-in, pupil sign-in, reset requests and PIN-code sign-up; a refused attempt is what they count.
 * - the attempt counters of a credential (`CRED#…` items' `failures`, `lastAttemptAt`, `lockouts`, `lockedUntil`,
 *   `credential-store.ts`): a wrong password or PIN (also an admin's wrong confirmation password) counts towards
 *   its lockout, which is the point of a lockout. The secret and everything else on the item must not change.
 * Anything else a refused request changes is a finding.
 */
export function ignoredChange(item: Item): boolean {
  const pk = String(item.pk);
  const sk = String(item.sk);
  return sk.startsWith("EVENT#") || pk.endsWith("#AUDIT") || pk.includes("#SIGNUPSRC#");
}

/** Attributes of credential items that count attempts (not the secret, not its state). */
const counterAttributes = /^(failures|lastAttemptAt|lockouts|lockedUntil)$/;

function comparable(item: Item): string {
  if (!String(item.sk).startsWith("CRED#")) return JSON.stringify(item);
  return JSON.stringify(Object.fromEntries(Object.entries(item).filter(([k]) => !counterAttributes.test(k))));
}

export type Snapshot = Map<string, string>;

/** Every item of the runtime's table, by key, in a comparable form. */
export async function snapshot(runtime: LocalRuntime): Promise<Snapshot> {
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  const items = new Map<string, string>();
  let start: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      if (!ignoredChange(item)) items.set(`${item.pk} | ${item.sk}`, comparable(item));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The keys added, removed or changed between two snapshots, with a glimpse of each new value. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const found: string[] = [];
  for (const [key, value] of after) {
    if (before.get(key) !== value)
      found.push(`${before.has(key) ? "changed" : "added"} ${key}: ${value.slice(0, 300)}`);
  }
  for (const key of before.keys()) if (!after.has(key)) found.push(`removed ${key}`);
  return found;
}
