import {
  type AttemptState,
  isBusy,
  lockedState,
  lockoutPolicy,
  reclaimedFailures,
  settledFailureLocks,
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
    pending: Number(item.pending ?? 0),
    lockedUntil: item.lockedUntil === undefined ? undefined : Number(item.lockedUntil),
    lastAttemptAt: item.lastAttemptAt === undefined ? undefined : Number(item.lastAttemptAt),
  };
}

/**
 * `DynamoCredentialStore` in memory, with its conditions: an attempt is counted (in flight) atomically only on an
 * existing item (with a hash, for `reserveAttemptWithHash`), never while locked, never past the threshold; a full
 * counter is busy while attempts are in flight and restarts once they are past their lease or it is stranded; a
 * success clears settled failures, the last settled failure at the threshold locks.
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

  async rehashPassword(tenantId: string, userId: string, previous: string, hash: string): Promise<void> {
    await tick();
    const item = this.items.get("password", tenantId, userId);
    if (item && item.hash === previous) item.hash = hash;
  }

  async reserveAttempt(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<"reserved" | "locked" | "busy"> {
    await tick();
    return this.reserve(kind, tenantId, userId, now, false);
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
    const outcome = this.reserve(kind, tenantId, userId, now, true);
    return outcome === "reserved" ? { outcome, hash: item.hash } : { outcome };
  }

  /** One synchronous check-and-count: atomic, as the adapter's conditional `ADD` is. */
  private reserve(
    kind: CredentialKind,
    tenantId: string,
    userId: string,
    now: Date,
    withHash: boolean,
  ): "reserved" | "locked" | "busy" {
    const item = this.items.get(kind, tenantId, userId);
    if (!item || (withHash && item.hash === undefined)) return "locked";
    const state = attemptsOf(item);
    const at = now.getTime();
    const unlocked = state.lockedUntil === undefined || state.lockedUntil <= at;
    const kept =
      unlocked && state.failures < lockoutPolicy.threshold ? state.failures : reclaimedFailures(state, at);
    if (kept === undefined) return isBusy(state, at) ? "busy" : "locked";
    const restarted = kept !== state.failures;
    item.failures = kept + 1;
    item.pending = (restarted ? 0 : (state.pending ?? 0)) + 1;
    item.lastAttemptAt = at;
    return "reserved";
  }

  async recordSuccess(tenantId: string, userId: string, kind: CredentialKind = "password"): Promise<void> {
    await tick();
    const item = this.items.get(kind, tenantId, userId);
    const pending = Number(item?.pending ?? 0);
    if (!item || pending <= 0) return;
    item.failures = pending - 1;
    item.pending = pending - 1;
    item.lockouts = 0;
    delete item.lockedUntil;
  }

  async recordFailure(
    tenantId: string,
    userId: string,
    now: Date,
    kind: CredentialKind = "password",
  ): Promise<void> {
    await tick();
    const item = this.items.get(kind, tenantId, userId);
    if (!item || Number(item.pending ?? 0) <= 0) return;
    item.pending = Number(item.pending) - 1;
    const current = attemptsOf(item);
    await tick();
    if (!settledFailureLocks(current)) return;
    // Only one locker: a reservation or another settlement meanwhile moved the counter.
    if (Number(item.failures ?? 0) !== current.failures || Number(item.pending ?? 0) !== 0) return;
    const locked = lockedState(current, now.getTime());
    item.failures = 0;
    item.lockouts = locked.lockouts;
    item.lockedUntil = locked.lockedUntil;
  }
}

/** A user's own password item: its hash, when it changed, fresh counters. */
export function passwordItem(hash: string, now: Date): Item {
  return { hash, changedAt: now.toISOString(), failures: 0, lockouts: 0 };
}
