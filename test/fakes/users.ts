import { changedUser, newUser } from "../../lib/adapters/dynamodb/user-items.js";
import { ConflictError } from "../../lib/domain/errors.js";
import { foldCase, normaliseEmail, normaliseUsername, type User } from "../../lib/domain/model.js";
import type { UserRow } from "../../lib/domain/roster.js";
import type {
  BulkUpsertResult,
  Page,
  UpsertOutcome,
  UserQuery,
  UserRepository,
  UserState,
} from "../../lib/ports/user-repository.js";
import type { CredentialItems } from "./credentials.js";
import { conditionFailed, copy, pageOf, tick } from "./support.js";

const usernameTaken = (username: string) =>
  new ConflictError(`Username ${username} is already taken`, [
    { pointer: "/username", detail: "is already taken" },
  ]);

/**
 * `DynamoUserRepository` in memory: users, their unique (folded) usernames and external ids, and identity links
 * derived from their emails. A taken username is the same `ConflictError`; lists sort by surname, forename, id.
 */
export class FakeUserRepository implements UserRepository {
  private readonly users = new Map<string, User>();
  private readonly usernames = new Map<string, string>();
  private readonly externalIds = new Map<string, string>();

  constructor(private readonly credentialItems?: CredentialItems) {}

  /** Stores a user as it is (test setup): claims its username and external id. */
  seed(user: User): User {
    this.users.set(`${user.tenantId}|${user.userId}`, copy(user));
    this.usernames.set(`${user.tenantId}|${normaliseUsername(user.username)}`, user.userId);
    if (user.externalId) this.externalIds.set(`${user.tenantId}|${user.externalId}`, user.userId);
    return copy(user);
  }

  /** Whether the user item exists (a condition other fakes' transactions check without yielding). */
  has(tenantId: string, userId: string): boolean {
    return this.users.has(`${tenantId}|${userId}`);
  }

  /** Changes a stored user in place (the other fakes' transactions that touch the user item); false when absent. */
  change(tenantId: string, userId: string, change: (user: User) => void): boolean {
    const user = this.users.get(`${tenantId}|${userId}`);
    if (!user) return false;
    change(user);
    return true;
  }

  async get(tenantId: string, userId: string): Promise<User | undefined> {
    await tick();
    const user = this.users.get(`${tenantId}|${userId}`);
    return user && copy(user);
  }

  async getMany(tenantId: string, userIds: readonly string[]): Promise<User[]> {
    await tick();
    return userIds.flatMap((id) => {
      const user = this.users.get(`${tenantId}|${id}`);
      return user ? [copy(user)] : [];
    });
  }

  async statesOf(tenantId: string, userIds: readonly string[]): Promise<UserState[]> {
    return (await this.getMany(tenantId, userIds)).map(({ userId, userType, status, claimedAt, roles }) => ({
      userId,
      userType,
      status,
      roles: [...roles],
      ...(claimedAt && { claimedAt }),
    }));
  }

  async findByUsername(tenantId: string, username: string): Promise<User | undefined> {
    const userId = this.usernames.get(`${tenantId}|${normaliseUsername(username)}`);
    if (userId) return this.get(tenantId, userId);
    await tick();
    return undefined;
  }

  async idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>> {
    await tick();
    return new Map(
      externalIds.flatMap((e) => {
        const userId = this.externalIds.get(`${tenantId}|${e}`);
        return userId ? [[e, userId] as const] : [];
      }),
    );
  }

  async upsertFromRoster(tenantId: string, row: UserRow, now: Date) {
    await tick();
    const existing = this.externalIds.get(`${tenantId}|${row.externalId}`);
    if (!existing) {
      const user = newUser(tenantId, row, now);
      if (this.usernames.has(`${tenantId}|${normaliseUsername(user.username)}`))
        throw usernameTaken(row.username);
      this.seed(user);
      return { outcome: "created" as UpsertOutcome, userId: user.userId };
    }
    const current = this.users.get(`${tenantId}|${existing}`) as User;
    const next = changedUser(current, row, now);
    if (!next) return { outcome: "unchanged" as UpsertOutcome, userId: existing };
    const before = normaliseUsername(current.username);
    const after = normaliseUsername(next.username);
    if (before !== after) {
      if (this.usernames.has(`${tenantId}|${after}`)) throw usernameTaken(next.username);
      this.usernames.delete(`${tenantId}|${before}`);
    }
    this.seed(next);
    return { outcome: "updated" as UpsertOutcome, userId: existing };
  }

  async upsertManyFromRoster(tenantId: string, rows: readonly UserRow[], now: Date) {
    const results: BulkUpsertResult[] = [];
    for (const row of rows) {
      try {
        results.push(await this.upsertFromRoster(tenantId, row, now));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        results.push({ error: error.message });
      }
    }
    return results;
  }

  async create(user: User): Promise<void> {
    await tick();
    const taken = this.usernames.has(`${user.tenantId}|${normaliseUsername(user.username)}`);
    const exists = this.users.has(`${user.tenantId}|${user.userId}`);
    const externalTaken = user.externalId && this.externalIds.has(`${user.tenantId}|${user.externalId}`);
    // The transaction's first failed condition decides the answer: external id, then username, then the user.
    if (externalTaken) throw new ConflictError("The user changed concurrently; try again");
    if (taken) throw usernameTaken(user.username);
    if (exists) throw new ConflictError("The user changed concurrently; try again");
    this.seed(user);
  }

  async deleteUnclaimed(user: User): Promise<void> {
    await tick();
    const { tenantId, userId } = user;
    const stored = this.users.get(`${tenantId}|${userId}`);
    const claimOwner = this.usernames.get(`${tenantId}|${normaliseUsername(user.username)}`);
    // One transaction: a claimed user, or a username claim that is not theirs, cancels it all.
    if (stored?.claimedAt || claimOwner !== userId) {
      const error = new Error("Transaction cancelled");
      error.name = "TransactionCanceledException";
      throw error;
    }
    this.users.delete(`${tenantId}|${userId}`);
    this.usernames.delete(`${tenantId}|${normaliseUsername(user.username)}`);
    this.credentialItems?.delete("temporary", tenantId, userId);
  }

  async list(tenantId: string, query: UserQuery): Promise<Page<User>> {
    await tick();
    const search = query.search && foldCase(query.search);
    const sortKey = (u: User) => [foldCase(u.surname), foldCase(u.forename), u.userId].join("\u001f");
    const all = [...this.users.values()]
      .filter((u) => u.tenantId === tenantId && u.status !== "left")
      .filter((u) => !search || foldCase(`${u.forename} ${u.surname} ${u.username}`).includes(search))
      .filter((u) => !query.unclaimedOnly || !u.claimedAt)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    if (query.descending) all.reverse();
    return pageOf(all, (u) => u.userId, query.limit, query.cursor);
  }

  async markEmailVerified(tenantId: string, userId: string, email: string): Promise<boolean> {
    await tick();
    const user = this.users.get(`${tenantId}|${userId}`);
    if (user?.email !== email) return false;
    return this.change(tenantId, userId, (u) => {
      u.emailVerified = true;
      u.version += 1;
    });
  }

  async setStatus(
    tenantId: string,
    userId: string,
    status: "active" | "disabled",
    expectedVersion: number,
    now: Date,
  ): Promise<boolean> {
    await tick();
    const user = this.users.get(`${tenantId}|${userId}`);
    if (!user || user.version !== expectedVersion || user.status === "left") return false;
    return this.change(tenantId, userId, (u) => {
      u.status = status;
      u.updatedAt = now.toISOString();
      if (status === "disabled") u.sessionsValidAfter = now.toISOString();
      u.version += 1;
    });
  }

  async markClaimed(tenantId: string, userId: string, now: Date): Promise<void> {
    await tick();
    const changed = this.change(tenantId, userId, (u) => {
      u.claimedAt ??= now.toISOString();
      u.version += 1;
    });
    if (!changed) throw conditionFailed();
  }

  async identityLinks(email: string) {
    await tick();
    const wanted = normaliseEmail(email);
    return [...this.users.values()]
      .filter((u) => u.email && normaliseEmail(u.email) === wanted)
      .map((u) => ({ tenantId: u.tenantId, userId: u.userId, verified: u.emailVerified }));
  }
}
