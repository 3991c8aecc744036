import type { Job } from "../../domain/job.js";
import type { User } from "../../domain/model.js";
import { holdsPrivilegedRole } from "../../domain/roles.js";
import type { UserState } from "../../ports/user-repository.js";
import { mapLimit, mapSlices } from "../../shared/concurrency.js";
import { allPages } from "../all-pages.js";
import type { Deps } from "../deps.js";

/** One user selected by a run, with the group that selected them (the report's "filter criteria"). */
export type CohortRow = { userId: string; groupId: string };

/**
 * The members of `groupIds`, each once — under the first selected group they belong to — in selection order.
 * Membership queries only (cheap): whether each user is still unclaimed is decided by the work consumer, in
 * parallel with the writes, and by the preview.
 */
export async function cohortMembers(
  deps: Pick<Deps, "groups">,
  tenantId: string,
  groupIds: readonly string[],
): Promise<{ rows: CohortRow[]; members: Map<string, number> }> {
  const memberLists = await mapLimit(groupIds, 4, (groupId) =>
    allPages((cursor) => deps.groups.memberIds(tenantId, groupId, { limit: 1000, cursor })),
  );
  const seen = new Set<string>();
  const rows: CohortRow[] = [];
  const members = new Map<string, number>();
  groupIds.forEach((groupId, g) => {
    const ids = memberLists[g] ?? [];
    members.set(groupId, ids.length);
    for (const userId of ids) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      rows.push({ userId, groupId });
    }
  });
  return { rows, members };
}

/** The current state of many users (type, status, claimed), 100 per `BatchGetItem`, a few calls in flight. */
export async function statesOf(deps: Pick<Deps, "users">, tenantId: string, userIds: readonly string[]) {
  const states = await mapSlices(userIds, 100, 4, (slice) => deps.users.statesOf(tenantId, slice));
  return new Map(states.flat().map((u) => [u.userId, u]));
}

/**
 * Users who set their own password are never touched; disabled accounts get no password to hand out; privileged
 * users (site admins, headteachers, nominated contacts) never get one from a bulk run, whose report its starter
 * reads: each needs an individual reset by someone with at least their privilege.
 */
export function isRegenerable(user: UserState | undefined): user is UserState {
  return (
    user !== undefined &&
    user.status === "active" &&
    !user.claimedAt &&
    !holdsPrivilegedRole(user.roles ?? [])
  );
}

/**
 * Fan-out planning of a job over a cohort (a regeneration, a pupil-PIN run): the selected groups' members, each
 * once, stored as the job's work chunks of `job.chunkSize` users. A second planner (a redelivered fan-out) finds
 * the job planned and uses the stored plan. What each member gets is decided when their chunk runs.
 */
export async function planCohortJob(deps: Pick<Deps, "groups" | "jobs" | "clock">, job: Job) {
  const { rows } = await cohortMembers(
    deps,
    job.tenantId,
    (job.groups ?? []).map((g) => g.groupId),
  );
  const size = job.chunkSize ?? 200;
  const chunks: CohortRow[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  await deps.jobs.plan(job.tenantId, job.jobId, chunks, deps.clock.now());
}

/**
 * A finished cohort job's stored plan with what its one-time report needs: the users and, per user, the credential
 * `credentialsOf` reads (100 users per batch, a few batches in flight), the selected groups' names and when the job
 * generated its secrets.
 */
export async function plannedCohort<C>(
  deps: Pick<Deps, "jobs" | "users">,
  job: Job,
  credentialsOf: (userIds: string[]) => Promise<Map<string, C>>,
) {
  const plan = (await deps.jobs.chunks(job.tenantId, job.jobId, 1)).flat() as CohortRow[];
  const fetched = await mapSlices(plan, 100, 4, async (slice) => {
    const ids = slice.map((r) => r.userId);
    const [users, credentials] = await Promise.all([
      deps.users.getMany(job.tenantId, ids),
      credentialsOf(ids),
    ]);
    return { users, credentials };
  });
  const groupNames = new Map((job.groups ?? []).map((g) => [g.groupId, g.name]));
  const generatedAt = job.startedAt ?? job.createdAt;
  return {
    plan,
    users: new Map<string, User>(fetched.flatMap((f) => f.users.map((u) => [u.userId, u] as const))),
    credentials: new Map<string, C>(fetched.flatMap((f) => [...f.credentials])),
    generatedAt,
    /** What every slip shows: who, in which selected group, generated when. */
    slip: (row: CohortRow, user: User) => ({
      generatedAt,
      forename: user.forename,
      surname: user.surname,
      username: user.username,
      group: groupNames.get(row.groupId) ?? "",
    }),
  };
}
