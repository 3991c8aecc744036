import type { JobError } from "../../domain/job.js";
import type { GroupRow, LinkRow, Located, UserRow } from "../../domain/roster.js";
import type { Link } from "../../ports/group-repository.js";
import type { UpsertOutcome } from "../../ports/user-repository.js";
import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";

export type RosterRow = Located<GroupRow> | Located<UserRow> | Located<LinkRow>;
export type ApplyResult = {
  processed: number;
  failed: number;
  errors: JobError[];
  outcomes: Record<UpsertOutcome, number>;
};

const parallelism = 8;

/**
 * Applies validated roster rows idempotently (upserts by external id; links are set-like), so a retried chunk
 * neither loses nor doubles anything.
 * 1. Groups are upserted one by one (there are few); users in bulk — a username held by another account fails
 *    that row only.
 * 2. Memberships and class-teacher links resolve both external ids in batches and are written in bulk; an unknown
 *    id fails that row only. The first class-teacher link marks the tenant as sending them (from then on class
 *    teachers may change their pupils' PINs).
 * 3. A user a row makes disabled or left loses every session at once (`sessionRevocations`; the user item also
 *    records `sessionsValidAfter`).
 * Unexpected errors propagate so the whole chunk is retried.
 */
export async function applyRosterRows(
  deps: Pick<Deps, "users" | "groups" | "tenants" | "sessionRevocations" | "clock">,
  tenantId: string,
  rows: readonly RosterRow[],
): Promise<ApplyResult> {
  const now = deps.clock.now();
  const result: ApplyResult = {
    processed: 0,
    failed: 0,
    errors: [],
    outcomes: { created: 0, updated: 0, unchanged: 0 },
  };
  const fail = (row: RosterRow, reason: string) => {
    result.failed++;
    result.errors.push({ section: row.section, line: row.line, reason });
  };
  const done = (outcome: UpsertOutcome) => {
    result.processed++;
    result.outcomes[outcome]++;
  };

  const groups = rows.filter((r) => r.section === "groups") as Located<GroupRow>[];
  const users = rows.filter((r) => r.section === "users") as Located<UserRow>[];
  const links = rows.filter(
    (r) => r.section === "memberships" || r.section === "classTeachers",
  ) as Located<LinkRow>[];

  await mapLimit(groups, parallelism, async (row) => {
    done((await deps.groups.upsertFromRoster(tenantId, row.row, now)).outcome);
  });
  if (users.length > 0) {
    const outcomes = await deps.users.upsertManyFromRoster(
      tenantId,
      users.map((u) => u.row),
      now,
    );
    const ended: string[] = [];
    outcomes.forEach((outcome, i) => {
      const row = users[i] as Located<UserRow>;
      if ("error" in outcome) fail(row, outcome.error);
      else {
        done(outcome.outcome);
        // A user the row leaves disabled or gone loses every session now (an already inactive user has none).
        if (outcome.outcome === "updated" && row.row.status && row.row.status !== "active")
          ended.push(outcome.userId);
      }
    });
    await mapLimit(ended, parallelism, (userId) => deps.sessionRevocations.revokeAll(tenantId, userId, now));
  }

  if (links.length > 0) {
    const [groupIds, userIds] = await Promise.all([
      deps.groups.idsByExternalId(
        tenantId,
        links.map((l) => l.row.groupExternalId),
      ),
      deps.users.idsByExternalId(
        tenantId,
        links.map((l) => l.row.userExternalId),
      ),
    ]);
    const resolved: { row: Located<LinkRow>; link: Link }[] = [];
    for (const row of links) {
      const groupId = groupIds.get(row.row.groupExternalId);
      const userId = userIds.get(row.row.userExternalId);
      if (!groupId) fail(row, `unknown group externalId ${row.row.groupExternalId}`);
      else if (!userId) fail(row, `unknown user externalId ${row.row.userExternalId}`);
      else
        resolved.push({
          row,
          link: { kind: row.section === "memberships" ? "member" : "teacher", groupId, userId },
        });
    }
    const outcomes = await deps.groups.linkMany(
      tenantId,
      resolved.map((r) => r.link),
    );
    for (const outcome of outcomes) done(outcome);
    if (resolved.some((r) => r.link.kind === "teacher")) {
      await deps.tenants.update(tenantId, { hasClassTeacherLinks: true }, now);
    }
  }
  result.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}
