import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  idempotencyRetentionSeconds,
} from "../../lib/domain/idempotency.js";
import type { Clock } from "../../lib/ports/clock.js";
import type { IdempotencyStore, IdempotentCall, Json } from "../../lib/ports/idempotency-store.js";

type Entry = { fingerprint: string; expiresAt: number; leaseUntil: number; value?: Json };

/**
 * The `IdempotencyStore` contract in memory, on a clock: one entry per (tenant, scope, key); an expired entry or an
 * in-progress one past its lease counts as absent; work that throws releases the key.
 */
export class FakeIdempotencyStore implements IdempotencyStore {
  readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  async once<T extends Json>(call: IdempotentCall, work: () => Promise<T>) {
    const id = JSON.stringify([call.tenantId, call.scope, call.key]);
    const fingerprint = JSON.stringify(call.fingerprint);
    const now = this.clock.now().getTime();
    const existing = this.entries.get(id);
    const live =
      existing && existing.expiresAt > now && (existing.value !== undefined || existing.leaseUntil > now);
    if (existing && live) {
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (existing.value === undefined) throw new IdempotencyInProgressError();
      return { value: existing.value as T, replayed: true };
    }
    const entry: Entry = {
      fingerprint,
      expiresAt: now + idempotencyRetentionSeconds * 1000,
      leaseUntil: now + call.leaseMs,
    };
    this.entries.set(id, entry);
    try {
      entry.value = JSON.parse(JSON.stringify(await work())) as Json;
      return { value: entry.value as T, replayed: false };
    } catch (error) {
      this.entries.delete(id);
      throw error;
    }
  }
}
