import type { User } from "../domain/model.js";
import type { UserRow } from "../domain/roster.js";

export type UserState = Pick<User, "userId" | "userType" | "status" | "claimedAt" | "roles">;
export type Page<T> = { items: T[]; cursor?: string };
export type UpsertOutcome = "created" | "updated" | "unchanged";
/** Per row: what happened, or why the row was refused (e.g. username taken). */
export type BulkUpsertResult = { outcome: UpsertOutcome; userId: string } | { error: string };

export type UserQuery = {
  search?: string;
  limit: number;
  cursor?: string;
  /** Only users who have not set their own password. */
  unclaimedOnly?: boolean;
  /** Surname Z→A instead of A→Z. */
  descending?: boolean;
};

/** Tenant user accounts, their unique usernames and external ids, and global identity links. */
export interface UserRepository {
  get(tenantId: string, userId: string): Promise<User | undefined>;
  /** Users by id, in the order given; unknown ids are skipped. */
  getMany(tenantId: string, userIds: readonly string[]): Promise<User[]>;
  /** What a bulk job needs to decide about users (type, status, claimed), by id; unknown ids are skipped. */
  statesOf(tenantId: string, userIds: readonly string[]): Promise<UserState[]>;
  findByUsername(tenantId: string, username: string): Promise<User | undefined>;
  /** Creates the user or updates the one with the same external id. `ConflictError` when the username is taken. */
  upsertFromRoster(
    tenantId: string,
    row: UserRow,
    now: Date,
  ): Promise<{ outcome: UpsertOutcome; userId: string }>;
  /** The same for many rows at once (one result per row, in order); rows must have distinct external ids. */
  upsertManyFromRoster(tenantId: string, rows: readonly UserRow[], now: Date): Promise<BulkUpsertResult[]>;
  /**
   * Creates a user that has no external id (operator-created admins, demo data, PIN-code sign-ups), claiming the
   * username in the same transaction. `ConflictError` (with a `/username` field error) when it is taken.
   */
  create(user: User): Promise<void>;
  /**
   * Undoes `create` for a user who never signed in (a sign-up whose email could not be queued): the user, the
   * username claim, the identity link and any temporary credential go together; nothing when the user was claimed.
   */
  deleteUnclaimed(user: User): Promise<void>;
  /** Internal ids of users by external id; unknown ids are absent from the map. */
  idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>>;
  list(tenantId: string, query: UserQuery): Promise<Page<User>>;
  /**
   * Records that the user proved they hold `email` (a link sent to it was followed): the user and their identity
   * link become verified. False, and nothing changes, when the user's email is no longer that address.
   */
  markEmailVerified(tenantId: string, userId: string, email: string): Promise<boolean>;
  /**
   * Disables or enables a user (never one who left) if the record is still at `expectedVersion`: false, and nothing
   * written, otherwise. Disabling also records that the user's sessions end now (`sessionsValidAfter`).
   */
  setStatus(
    tenantId: string,
    userId: string,
    status: "active" | "disabled",
    expectedVersion: number,
    now: Date,
  ): Promise<boolean>;
  /** Records that the user set their own password (first time only). */
  markClaimed(tenantId: string, userId: string, now: Date): Promise<void>;
  /** Tenants and accounts linked to one normalised email (one identity across schools). */
  identityLinks(email: string): Promise<{ tenantId: string; userId: string; verified: boolean }[]>;
}
