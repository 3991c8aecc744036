import { randomUUID } from "node:crypto";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { isFinished, type Job, newCohortJob } from "../../domain/job.js";
import type { Group, User } from "../../domain/model.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import { holdsPrivilegedRole } from "../../domain/roles.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";
import { type CohortRow, planCohortJob, plannedCohort } from "../jobs/cohort.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { createJobKey, forgetJobKey, jobKey } from "../jobs/job-keys.js";
import { startJob } from "../jobs/start-job.js";
import { emailResetLink, type ResetEmailOutcome } from "./password-reset.js";

/** Members per work message: each costs a few table writes, a seal and a queue message. */
export const resetEmailChunkSize = 100;

/**
 * Starts a reset-email job (SIMS ID's "Sending Password Reset Emails"): the members of the selected groups who
 * have a verified email each get a reset link; the others (and privileged users, always) are counted (`skipped`)
 * and listed in the job's report, so the admin can give them temporary passwords instead.
 * 1. Check the permission and that every group exists in the tenant.
 * 2. Create the job's sealed key (its links derive from it, so a redelivered chunk re-sends the same email), record
 *    the job, audit it and queue its fan-out message (`startJob`); the fan-out consumer plans the cohort
 *    (`resetEmailJob`).
 */
export async function startResetEmails(
  deps: Pick<Deps, "groups" | "jobs" | "jobQueue" | "audit" | "clock" | "jobSecrets" | "secretBox">,
  principal: Principal,
  input: { groupIds: string[] },
): Promise<Job> {
  authorize(principal, "emails:send-resets");
  const groupIds = [...new Set(input.groupIds)];
  const groups = await Promise.all(groupIds.map((id) => deps.groups.get(principal.tenantId, id)));
  if (groups.some((g) => !g)) throw new NotFoundError("Group");
  const now = deps.clock.now();
  const job = newCohortJob({
    tenantId: principal.tenantId,
    jobId: randomUUID(),
    type: "reset-emails",
    createdBy: actorOf(principal),
    createdAt: now.toISOString(),
    groups: groups as Group[],
    chunkSize: resetEmailChunkSize,
  });
  return startJob(deps, job, {
    prepare: () => createJobKey(deps, job.tenantId, job.jobId),
    recorded: () =>
      deps.audit.record({
        tenantId: job.tenantId,
        eventId: job.jobId,
        at: job.createdAt,
        actor: job.createdBy,
        action: "password-reset-emails.sent",
        details: { jobId: job.jobId, groupIds, groups: (groups as Group[]).map((g) => g.name) },
      }),
  });
}

/**
 * Work: emails one chunk's members, idempotently per (job, user) — a redelivered chunk finds the links this job
 * issued and queues their emails again under the same ids (sent once, never lost). A member without a verified email, disabled, or at the hourly limit is skipped.
 */
export async function resetEmailChunk(
  deps: Pick<
    Deps,
    | "users"
    | "tenants"
    | "passwordResets"
    | "outbox"
    | "emailDeliveries"
    | "secretBox"
    | "clock"
    | "settings"
    | "jobSecrets"
  >,
  job: Job,
  rows: readonly CohortRow[],
): Promise<ChunkResult> {
  const [key, found] = await Promise.all([
    jobKey(deps, job.tenantId, job.jobId),
    deps.users.getMany(
      job.tenantId,
      rows.map((r) => r.userId),
    ),
  ]);
  const users = new Map(found.map((u) => [u.userId, u]));
  const outcomes = await mapLimit(rows, 8, async (row): Promise<MemberOutcome> => {
    const user = users.get(row.userId);
    if (!user) return "not-allowed";
    if (holdsPrivilegedRole(user.roles)) return "privileged";
    return emailResetLink(deps, user, {
      respectTenantPreference: false,
      job: { jobId: job.jobId, createdAt: job.createdAt, key },
    });
  });
  const sent = outcomes.filter((o) => o === "sent").length;
  return { processed: rows.length, failed: 0, skipped: rows.length - sent, errors: [] };
}

/**
 * What a member's row came to. A privileged user (`privilegedRoles`) never gets a group reset email: a link sent to
 * whatever address a roster gave them would hand over the tenant.
 */
type MemberOutcome = ResetEmailOutcome | "privileged";

/** Why a member got no email, in the report's words. */
const reasons: Record<Exclude<MemberOutcome, "sent">, string> = {
  privileged:
    "privileged account (site admin, headteacher or nominated contact): never reset by a group email",
  "no-verified-email": "no verified email",
  "not-allowed": "account disabled",
  "rate-limited": "five reset emails in the last hour already",
};

export type UnreachableMember = {
  forename: string;
  surname: string;
  username: string;
  group: string;
  reason: string;
};

/** Why this user would get no reset email now (undefined: they would). */
function whyNot(user: User): string | undefined {
  if (user.status !== "active") return reasons["not-allowed"];
  if (holdsPrivilegedRole(user.roles)) return reasons.privileged;
  if (!user.email || !user.emailVerified) return reasons["no-verified-email"];
  return undefined;
}

/**
 * A finished reset-email job's report: the selected members who got no email because they have no verified email
 * (or are disabled), to give temporary passwords instead. Holds no secret, so it can be read any number of times.
 */
export async function resetEmailReport(deps: Pick<Deps, "jobs" | "users">, job: Job) {
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
 * The report of a reset-email job: for whoever may send reset emails, once the job has finished (409 before).
 */
async function retrieveResetEmailReport(deps: Pick<Deps, "jobs" | "users">, principal: Principal, job: Job) {
  authorize(principal, "emails:send-resets");
  if (!isFinished(job.status)) throw new ConflictError("The job is still running; its report follows.");
  return { kind: "reset-emails" as const, ...(await resetEmailReport(deps, job)) };
}

/** A reset-email job (started by `startResetEmails`): the fan-out plans the cohort, each chunk emails its members. */
export const resetEmailJob = {
  type: "reset-emails",
  plan: planCohortJob,
  chunk: resetEmailChunk,
  finish: (deps, job) => forgetJobKey(deps, job.tenantId, job.jobId),
  report: retrieveResetEmailReport,
} as const satisfies JobDefinition<CohortRow>;
