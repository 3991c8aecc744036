import { randomUUID } from "node:crypto";
import { foldCase, type Group } from "../../lib/domain/model.js";
import type { GroupRow } from "../../lib/domain/roster.js";
import type { GroupQuery, GroupRepository, Link, LinkKind } from "../../lib/ports/group-repository.js";
import type { Page, UpsertOutcome } from "../../lib/ports/user-repository.js";
import { copy, pageOf, tick } from "./support.js";

/**
 * `DynamoGroupRepository` in memory: groups by id and external id, memberships and class-teacher links (idempotent,
 * a member counted once). Members page in user-id order, as the `MEMBER#<userId>` sort keys do.
 */
export class FakeGroupRepository implements GroupRepository {
  private readonly groups = new Map<string, Group>();
  private readonly externalIds = new Map<string, string>();
  private readonly links = new Map<string, Set<string>>();

  /** Stores a group as it is (test setup). */
  seed(group: Partial<Group> & Pick<Group, "tenantId" | "groupId" | "name">): Group {
    const full: Group = {
      type: "class",
      memberCount: 0,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      ...group,
    };
    this.groups.set(`${full.tenantId}|${full.groupId}`, copy(full));
    if (full.externalId) this.externalIds.set(`${full.tenantId}|${full.externalId}`, full.groupId);
    return copy(full);
  }

  /** Links a user to a group at once (test setup); counts a new member. */
  seedLink(tenantId: string, kind: LinkKind, groupId: string, userId: string): void {
    const set = this.linkSet(tenantId, kind, groupId);
    if (set.has(userId)) return;
    set.add(userId);
    const group = this.groups.get(`${tenantId}|${groupId}`);
    if (kind === "member" && group) group.memberCount += 1;
  }

  private linkSet(tenantId: string, kind: LinkKind, groupId: string) {
    const key = `${tenantId}|${kind}|${groupId}`;
    const set = this.links.get(key) ?? new Set<string>();
    this.links.set(key, set);
    return set;
  }

  async get(tenantId: string, groupId: string): Promise<Group | undefined> {
    await tick();
    const group = this.groups.get(`${tenantId}|${groupId}`);
    return group && copy(group);
  }

  async upsertFromRoster(tenantId: string, row: GroupRow, now: Date) {
    await tick();
    const at = now.toISOString();
    const existing = this.externalIds.get(`${tenantId}|${row.externalId}`);
    if (!existing) {
      const groupId = randomUUID();
      this.seed({ tenantId, groupId, ...row, memberCount: 0, createdAt: at, updatedAt: at });
      return { outcome: "created" as UpsertOutcome, groupId };
    }
    const current = this.groups.get(`${tenantId}|${existing}`) as Group;
    const same =
      row.name === current.name && row.type === current.type && row.yearGroup === current.yearGroup;
    if (same) return { outcome: "unchanged" as UpsertOutcome, groupId: existing };
    Object.assign(current, { name: row.name, type: row.type, yearGroup: row.yearGroup, updatedAt: at });
    if (row.yearGroup === undefined) delete current.yearGroup;
    return { outcome: "updated" as UpsertOutcome, groupId: existing };
  }

  async idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>> {
    await tick();
    return new Map(
      externalIds.flatMap((e) => {
        const groupId = this.externalIds.get(`${tenantId}|${e}`);
        return groupId ? [[e, groupId] as const] : [];
      }),
    );
  }

  async link(tenantId: string, kind: LinkKind, groupId: string, userId: string) {
    const [outcome] = await this.linkMany(tenantId, [{ kind, groupId, userId }]);
    return outcome ?? "unchanged";
  }

  async linkMany(tenantId: string, links: readonly Link[]): Promise<("created" | "unchanged")[]> {
    await tick();
    return links.map(({ kind, groupId, userId }) => {
      if (this.linkSet(tenantId, kind, groupId).has(userId)) return "unchanged";
      this.seedLink(tenantId, kind, groupId, userId);
      return "created";
    });
  }

  async unlinkMany(tenantId: string, links: readonly Link[]): Promise<("removed" | "absent")[]> {
    await tick();
    return links.map(({ kind, groupId, userId }) => {
      if (!this.linkSet(tenantId, kind, groupId).delete(userId)) return "absent";
      const group = this.groups.get(`${tenantId}|${groupId}`);
      if (kind === "member" && group) group.memberCount -= 1;
      return "removed";
    });
  }

  async list(tenantId: string, query: GroupQuery): Promise<Page<Group>> {
    await tick();
    const search = query.search && foldCase(query.search);
    const sortKey = (g: Group) => `${foldCase(g.name)}\u001f${g.groupId}`;
    const all = [...this.groups.values()]
      .filter((g) => g.tenantId === tenantId)
      .filter((g) => !search || foldCase(g.name).includes(search))
      .filter((g) => !query.type || g.type === query.type)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return pageOf(all, (g) => g.groupId, query.limit, query.cursor);
  }

  async memberIds(tenantId: string, groupId: string, page: { limit: number; cursor?: string }) {
    await tick();
    const ids = [...this.linkSet(tenantId, "member", groupId)].sort();
    return pageOf(ids, (id) => id, page.limit, page.cursor);
  }

  async teacherIds(tenantId: string, groupId: string): Promise<string[]> {
    await tick();
    return [...this.linkSet(tenantId, "teacher", groupId)].sort();
  }

  async groupsTaughtBy(tenantId: string, userId: string): Promise<string[]> {
    return this.groupsLinked(tenantId, "teacher", userId);
  }

  async groupsOf(tenantId: string, userId: string): Promise<string[]> {
    return this.groupsLinked(tenantId, "member", userId);
  }

  private async groupsLinked(tenantId: string, kind: LinkKind, userId: string) {
    await tick();
    const prefix = `${tenantId}|${kind}|`;
    return [...this.links]
      .filter(([key, set]) => key.startsWith(prefix) && set.has(userId))
      .map(([key]) => key.slice(prefix.length))
      .sort();
  }
}
