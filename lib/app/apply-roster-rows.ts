import { ConflictError } from "../domain/errors.js";
import type { JobError } from "../domain/job.js";
import type { GroupRow, LinkRow, Located, UserRow } from "../domain/roster.js";
import type { UpsertOutcome } from "../ports/user-repository.js";
import { mapLimit } from "./concurrency.js";
import type { Deps } from "./deps.js";

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
 * 1. Groups and users are upserted; a username held by another account fails that row only.
 * 2. Memberships and class-teacher links resolve both external ids in batches; an unknown id fails that row only.
 * Unexpected errors propagate so the whole chunk is retried.
 */
export async function applyRosterRows(
  deps: Pick<Deps, "users" | "groups" | "clock">,
  tenantId: string,
  rows: readonly RosterRow[],
): Promise<ApplyResult> {
  const now = deps.clock.now();
  const result: ApplyResult = { processed: 0, failed: 0, errors: [], outcomes: { created: 0, updated: 0, unchanged: 0 } };
  const fail = (row: RosterRow, reason: string) => {
    result.failed++;
    result.errors.push({ section: row.section, line: row.line, reason });
  };
  const done = (outcome: UpsertOutcome) => {
    result.processed++;
    result.outcomes[outcome]++;
  };

  const links = rows.filter((r) => r.section === "memberships" || r.section === "classTeachers") as Located<LinkRow>[];
  await mapLimit(
    rows.filter((r) => r.section === "groups" || r.section === "users"),
    parallelism,
    async (row) => {
      try {
        if (row.section === "groups") done((await deps.groups.upsertFromRoster(tenantId, row.row as GroupRow, now)).outcome);
        else done((await deps.users.upsertFromRoster(tenantId, row.row as UserRow, now)).outcome);
      } catch (error) {
        if (error instanceof ConflictError) fail(row, error.message);
        else throw error;
      }
    },
  );

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
    await mapLimit(links, parallelism, async (link) => {
      const groupId = groupIds.get(link.row.groupExternalId);
      const userId = userIds.get(link.row.userExternalId);
      if (!groupId) return fail(link, `unknown group externalId ${link.row.groupExternalId}`);
      if (!userId) return fail(link, `unknown user externalId ${link.row.userExternalId}`);
      const kind = link.section === "memberships" ? "member" : "teacher";
      done((await deps.groups.link(tenantId, kind, groupId, userId)) === "created" ? "created" : "unchanged");
    });
  }
  result.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}
