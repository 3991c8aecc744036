import type { Group, GroupType } from "../domain/model.js";
import type { GroupRow } from "../domain/roster.js";
import type { Page, UpsertOutcome } from "./user-repository.js";

export type GroupQuery = { search?: string; type?: GroupType; limit: number; cursor?: string };
export type LinkKind = "member" | "teacher";
export type Link = { kind: LinkKind; groupId: string; userId: string };

/** Groups (year groups, classes, …), their memberships and class-teacher links. */
export interface GroupRepository {
  get(tenantId: string, groupId: string): Promise<Group | undefined>;
  upsertFromRoster(
    tenantId: string,
    row: GroupRow,
    now: Date,
  ): Promise<{ outcome: UpsertOutcome; groupId: string }>;
  idsByExternalId(tenantId: string, externalIds: readonly string[]): Promise<Map<string, string>>;
  /** Idempotent: linking twice leaves one link and counts the member once. */
  link(tenantId: string, kind: LinkKind, groupId: string, userId: string): Promise<"created" | "unchanged">;
  /** Many links at once; one outcome per link, in order. */
  linkMany(tenantId: string, links: readonly Link[]): Promise<("created" | "unchanged")[]>;
  /** Removes links (a roster snapshot without them); one outcome per link, in order. Member counts follow. */
  unlinkMany(tenantId: string, links: readonly Link[]): Promise<("removed" | "absent")[]>;
  list(tenantId: string, query: GroupQuery): Promise<Page<Group>>;
  memberIds(
    tenantId: string,
    groupId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<string>>;
  teacherIds(tenantId: string, groupId: string): Promise<string[]>;
  groupsTaughtBy(tenantId: string, userId: string): Promise<string[]>;
  groupsOf(tenantId: string, userId: string): Promise<string[]>;
}
