import type { LinkRow, Located, RowError } from "../../domain/roster.js";
import type { Link, LinkKind } from "../../ports/group-repository.js";
import { allPages } from "../all-pages.js";
import type { Deps } from "../deps.js";

/** The link sections a roster may send as a full snapshot. */
export const snapshotSections = ["memberships", "classTeachers"] as const;
export type SnapshotSection = (typeof snapshotSections)[number];

const kindOf = (section: SnapshotSection): LinkKind => (section === "memberships" ? "member" : "teacher");

/** Every group of the tenant that the roster sends (it has an external id); groups made otherwise are not its. */
async function rosterGroupIds(deps: Pick<Deps, "groups">, tenantId: string): Promise<string[]> {
  const groups = await allPages((cursor) => deps.groups.list(tenantId, { limit: 100, cursor }));
  return groups.filter((g) => g.externalId).map((g) => g.groupId);
}

async function linkedUserIds(deps: Pick<Deps, "groups">, tenantId: string, kind: LinkKind, groupId: string) {
  if (kind === "teacher") return deps.groups.teacherIds(tenantId, groupId);
  return allPages((cursor) => deps.groups.memberIds(tenantId, groupId, { limit: 1000, cursor }));
}

/**
 * A section sent as a full snapshot (the MIS's whole class list): links of its kind, in the roster's groups, that
 * the snapshot does not name are removed — a pupil who moved class leaves the old one, a teacher who no longer
 * teaches a class loses its link. Runs before the rows are applied, so links the snapshot keeps are never missing.
 * A section with invalid rows removes nothing (a row that failed to parse could be a link the school still has):
 * one error says so, and the valid rows are applied as usual. Returns how many links were removed.
 */
export async function pruneToSnapshot(
  deps: Pick<Deps, "groups" | "users">,
  tenantId: string,
  section: SnapshotSection,
  rows: readonly Located<LinkRow>[],
  errors: readonly RowError[],
): Promise<{ removed: number; error?: RowError }> {
  if (errors.some((e) => e.section === section)) {
    return {
      removed: 0,
      error: {
        section,
        line: 0,
        reason: "snapshot not applied: this section has invalid rows, so no link was removed",
      },
    };
  }
  const kind = kindOf(section);
  const [groupIds, userIds] = await Promise.all([
    deps.groups.idsByExternalId(
      tenantId,
      rows.map((r) => r.row.groupExternalId),
    ),
    deps.users.idsByExternalId(
      tenantId,
      rows.map((r) => r.row.userExternalId),
    ),
  ]);
  const keep = new Set(
    rows.map((r) => `${groupIds.get(r.row.groupExternalId)}|${userIds.get(r.row.userExternalId)}`),
  );
  const stale: Link[] = [];
  for (const groupId of await rosterGroupIds(deps, tenantId)) {
    for (const userId of await linkedUserIds(deps, tenantId, kind, groupId)) {
      if (!keep.has(`${groupId}|${userId}`)) stale.push({ kind, groupId, userId });
    }
  }
  if (stale.length === 0) return { removed: 0 };
  const outcomes = await deps.groups.unlinkMany(tenantId, stale);
  return { removed: outcomes.filter((o) => o === "removed").length };
}
