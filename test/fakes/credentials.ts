import {
  type AttemptState,
  failureLocks,
  isStrandedAtThreshold,
  lockedState,
  lockoutPolicy,
} from "../../lib/domain/lockout.js";
import type {
  CredentialKind,
  CredentialStore,
  HashReservation,
  PasswordCredential,
} from "../../lib/ports/credential-store.js";
import { copy, tick } from "./support.js";

type Item = Record<string, unknown>;

/**
 * The credential items of every kind (one per user and kind, as `CRED#…` items in the table), shared by the fake
 * stores that write them (passwords, temporary passwords, SSO, pupil and PIN-code PINs) and the attempt counters
 * on them. Writing an item replaces it, counters included, as a `Put` does.
 */
export class CredentialItems {
  private readonly items = new Map<string, Item>();

  private key(kind: CredentialKind, tenantId: string, userId: string) {
    return `${kind}|${tenantId}|${userId}`;
  }

  get(kind: CredentialKind, tenantId: string, userId: string): Item | undefined {
    return this.items.get(this.key(kind, tenantId, userId));
  }

  put(kind: CredentialKind, tenantId: string, userId: string, item: Item): void {
    this.items.set(this.key(kind, tenantId, userId), copy(item));
  }

  delete(kind: CredentialKind, tenantId: string, userId: string): void {
    this.items.delete(this.key(kind, tenantId, userId));
  }

  /** The attempt counters of an item, as the adapter reads them. */
  attempts(kind: CredentialKind, tenantId: string, userId: string): AttemptState | undefined {
    const item = this.get(kind, tenantId, userId);
    return item && attemptsOf(item);
  }
}

export function attemptsOf(item: Item): AttemptState {
  return {
    failures: Number(item.failures ?? 0),
    lockouts: Number(item.lockouts ?? 0),
    lockedUntil: item.lockedUntil === undefined ? undefined : Number(item.lockedUntil),
    lastAttemptAt: item.lastAttemptAt === undefined ? undefined : Number(item.lastAttemptAt),
  };
}

/**
 * `DynamoCredentialStore` in memory, with its conditions: an attempt is counted atomically only on an existing
 * item (with a hash, for `reserveAttemptWithHash`), never while locked, never past the threshold; a counter
 * stranded at the threshold restarts; only the failure that reached the threshold locks.
 */
export class FakeCredentialStore implements CredentialStore {
  constructor(readonly items: CredentialItems = new CredentialItems()) {}

  async getPassword(tenantId: string, userId: string): Promise<PasswordCredential | undefined> {
    await tick();
    const item = this.items.get("password", tenantId, userId);
    if (!item) return undefined;
    return { hash: item.hash as string, changedAt: item.changedAt as string, attempts: attemptsOf(item) };
  }

  async setPassword(tenantId: string, userId: string, hash: string, now: Date): Promise<void> {
    await tick();
    this.items.put("password", tenantId, userId, passwordItem(hash, now));
  }

  async reserveAttempt(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<"reserved" | "locked"> {
    await tick();
    return this.reserve(kind, tenantId, userId, now, false) ? "reserved" : "locked";
  }

  async reserveAttemptWithHash(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind,
  ): Promise<HashReservation> {
    await tick();
    const item = this.items.get(kind, tenantId, userId);
    if (!item || typeof item.hash !== "string") return { outcome: "absent" };
    return this.reserve(kind, tenantId, userId, now, true)
      ? { outcome: "reserved", hash: item.hash }
      : { outcome: "locked" };
  }

  /** One synchronous check-and-count: atomic, as the adapter's conditional `ADD` is. */
  private reserve(kind: CredentialKind, tenantId: string, userId: string, now: Date, withHash: boolean) {
    const item = this.items.get(kind, tenantId, userId);
    if (!item || (withHash && item.hash === undefined)) return false;
    const state = attemptsOf(item);
    const at = now.getTime();
    const unlocked = state.lockedUntil === undefined || state.lockedUntil <= at;
    if (unlocked && state.failures < lockoutPolicy.threshold) {
      item.failures = state.failures + 1;
      item.lastAttemptAt = at;
      return true;
    }
    if (isStrandedAtThreshold(state, at)) {
      item.failures = 1;
      item.lastAttemptAt = at;
      return true;
    }
    return false;
  }

  async recordSuccess(tenantId: string, userId: string, kind: CredentialKind = "password"): Promise<void> {
    await tick();
    const item = this.items.get(kind, tenantId, userId);
    if (!item) return;
    item.failures = 0;
    item.lockouts = 0;
    delete item.lockedUntil;
  }

  async recordFailure(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<void> {
    const current = this.items.attempts(kind, tenantId, userId);
    await tick();
    if (!current || !failureLocks(current.failures)) return;
    const locked = lockedState(current, now.getTime());
    const item = this.items.get(kind, tenantId, userId);
    // Only the attempt that reached the threshold locks; a second locker finds the counter moved.
    if (!item || Number(item.failures ?? 0) !== current.failures) return;
    item.failures = 0;
    item.lockouts = locked.lockouts;
    item.lockedUntil = locked.lockedUntil;
  }
}

/** A user's own password item: its hash, when it changed, fresh counters. */
export function passwordItem(hash: string, now: Date): Item {
  return { hash, changedAt: now.toISOString(), failures: 0, lockouts: 0 };
}
