import { randomUUID } from "node:crypto";
import type { AuditAction } from "../../domain/audit.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { isFinished, type Job, type JobType, newCohortJob } from "../../domain/job.js";
import type { Group, User } from "../../domain/model.js";
import { type Action, actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";
import type { LinkJob } from "../emailed-links.js";
import { type CohortRow, plannedCohort } from "./cohort.js";
import { createJobKey, jobKey } from "./job-keys.js";
import { startJob } from "./start-job.js";

/** Members per work message: each costs a few table writes, a seal and a queue message. */
export const groupEmailChunkSize = 100;

/**
 * Starts a job that emails each member of the selected groups a link (reset emails, email verifications):
 * 1. Check the permission and that every group exists in the tenant.
 * 2. Create the job's sealed key (its links derive from it, so a redelivered chunk re-sends the same email), record
 *    the job, audit it and queue its fan-out message (`startJob`); the fan-out consumer plans the cohort.
 */
export async function startGroupEmailJob(
  deps: Pick<Deps, "groups" | "jobs" | "jobQueue" | "audit" | "clock" | "jobSecrets" | "secretBox">,
  principal: Principal,
  input: { groupIds: string[] },
  kind: { type: JobType; action: Action; auditAction: AuditAction },
): Promise<Job> {
  authorize(principal, kind.action);
  const groupIds = [...new Set(input.groupIds)];
  const groups = await Promise.all(groupIds.map((id) => deps.groups.get(principal.tenantId, id)));
  if (groups.some((g) => !g)) throw new NotFoundError("Group");
  const now = deps.clock.now();
  const job = newCohortJob({
    tenantId: principal.tenantId,
    jobId: randomUUID(),
    type: kind.type,
    createdBy: actorOf(principal),
    createdAt: now.toISOString(),
    groups: groups as Group[],
    chunkSize: groupEmailChunkSize,
  });
  return startJob(deps, job, {
    prepare: () => createJobKey(deps, job.tenantId, job.jobId),
    recorded: () =>
      deps.audit.record({
        tenantId: job.tenantId,
        eventId: job.jobId,
        at: job.createdAt,
        actor: job.createdBy,
        action: kind.auditAction,
        details: { jobId: job.jobId, groupIds, groups: (groups as Group[]).map((g) => g.name) },
      }),
  });
}

/**
 * Work: emails one chunk's members with `emailOne`, which must be idempotent per (job, user) (`issueLink` with the
 * job: a redelivered chunk finds the links this job issued and queues their emails again under the same ids — sent
 * once, never lost). Every member not emailed counts as skipped.
 */
export async function groupEmailChunk(
  deps: Pick<Deps, "users" | "jobSecrets" | "secretBox" | "clock">,
  job: Job,
  rows: readonly CohortRow[],
  emailOne: (user: User, linkJob: LinkJob) => Promise<string>,
): Promise<ChunkResult> {
  const [key, found] = await Promise.all([
    jobKey(deps, job.tenantId, job.jobId),
    deps.users.getMany(
      job.tenantId,
      rows.map((r) => r.userId),
    ),
  ]);
  const users = new Map(found.map((u) => [u.userId, u]));
  const linkJob = { jobId: job.jobId, createdAt: job.createdAt, key };
  const outcomes = await mapLimit(rows, 8, async (row) => {
    const user = users.get(row.userId);
    return user ? emailOne(user, linkJob) : "not-found";
  });
  const sent = outcomes.filter((o) => o === "sent").length;
  return { processed: rows.length, failed: 0, skipped: rows.length - sent, errors: [] };
}

export type UnreachableMember = {
  forename: string;
  surname: string;
  username: string;
  group: string;
  reason: string;
};

/**
 * A finished group-email job's report: the selected members who would get no email now, each with `whyNot`'s
 * reason, to reach another way. Holds no secret, so it can be read any number of times.
 */
export async function unreachableMembers(
  deps: Pick<Deps, "jobs" | "users">,
  job: Job,
  whyNot: (user: User) => string | undefined,
) {
  const cohort = await plannedCohort(deps, job, async () => new Map<string, never>());
  const rows: UnreachableMember[] = cohort.plan.flatMap((row) => {
    const user = cohort.users.get(row.userId);
    const reason = user && whyNot(user);
    if (!user || !reason) return [];
    const { forename, surname, username, group } = cohort.slip(row, user);
    return [{ forename, surname, username, group, reason }];
  });
  return {
    jobId: job.jobId,
    groups: (job.groups ?? []).map((g) => g.name),
    generatedAt: cohort.generatedAt,
    emailed: job.processed - (job.skipped ?? 0),
    rows,
  };
}

/**
 * The report step of a group-email job: the members who got no email and why (`whyNot`), for whoever may start such
 * a job, once it has finished (409 before).
 */
export function groupEmailReport<K extends JobType>(
  kind: K,
  action: Action,
  whyNot: (user: User) => string | undefined,
) {
  return async (deps: Pick<Deps, "jobs" | "users">, principal: Principal, job: Job) => {
    authorize(principal, action);
    if (!isFinished(job.status)) throw new ConflictError("The job is still running; its report follows.");
    return { kind, ...(await unreachableMembers(deps, job, whyNot)) };
  };
}
