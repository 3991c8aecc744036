import type { AuditEvent } from "../../domain/audit.js";
import type { Job, JobStatus } from "../../domain/job.js";
import { keyedRandom } from "../../domain/keyed-random.js";
import { generatePassword, type PasswordPolicies, policyFor } from "../../domain/password-policy.js";
import {
  expiryFor,
  type TemporaryCredential,
  temporaryPasswordAad,
} from "../../domain/temporary-password.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import { cachePerPort } from "../cache.js";
import type { Deps } from "../deps.js";
import { type CohortRow, isRegenerable, planCohortJob, statesOf } from "../jobs/cohort.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { forgetJobKey, jobKey } from "../jobs/job-keys.js";
import { retrievePasswordReport } from "./password-report.js";
import { regenerationLock } from "./regeneration-lock.js";

/** The queue side of a bulk regeneration: planning (fan-out), one chunk's work, and the finishing steps. */

/** Tenant password policies, cached for a minute per execution environment (one read per chunk is wasted work). */
const policyCache = cachePerPort<PasswordPolicies>({ maxEntries: 100, ttlMs: 60_000 });

async function tenantPolicies(deps: Pick<Deps, "tenants" | "clock">, tenantId: string) {
  return policyCache(deps.tenants).get(
    deps.clock,
    tenantId,
    async () => (await deps.tenants.get(tenantId))?.passwordPolicies ?? {},
  );
}

/**
 * Work: regenerates one chunk's users, idempotently per (job, user).
 * 0. Read the users' current state: one who set their own password (or is disabled) is skipped, never touched.
 * 1. Derive each password from the job key and the user id (the same on every delivery), following the policy for
 *    the user's type; seal it with AAD tenant + user + generation (the job id).
 * 2. Write the credentials and one user event each with `BatchWriteItem`. Writing them again on a redelivery
 *    stores the same passwords and the same events.
 * A user who sets their own password in the milliseconds between the read and the write is not harmed: their own
 * password keeps working, sign-in and "show password" ignore a claimed user's temporary credential, and the report
 * marks the row void.
 */
export async function regenerateChunk(
  deps: Pick<
    Deps,
    "jobSecrets" | "users" | "tenants" | "temporaryPasswords" | "audit" | "secretBox" | "clock"
  >,
  job: Job,
  rows: readonly CohortRow[],
): Promise<ChunkResult> {
  const { tenantId, jobId } = job;
  const [key, policies, states] = await Promise.all([
    jobKey(deps, tenantId, jobId),
    tenantPolicies(deps, tenantId),
    statesOf(
      deps,
      tenantId,
      rows.map((r) => r.userId),
    ),
  ]);
  const eligible = rows.flatMap((row) => {
    const state = states.get(row.userId);
    return isRegenerable(state) ? [{ ...row, userType: state.userType }] : [];
  });
  const generatedAt = job.startedAt ?? job.createdAt;
  const expiresAt = expiryFor(new Date(generatedAt));
  const groupNames = new Map((job.groups ?? []).map((g) => [g.groupId, g.name]));
  const credentials: TemporaryCredential[] = await Promise.all(
    eligible.map(async ({ userId, userType }) => {
      const password = generatePassword(policyFor(policies, userType), keyedRandom(key, userId));
      return {
        tenantId,
        userId,
        generation: jobId,
        jobId,
        sealed: await deps.secretBox.seal(password, temporaryPasswordAad(tenantId, userId, jobId)),
        generatedAt,
        generatedBy: job.createdBy,
        expiresAt,
      };
    }),
  );
  const events: AuditEvent[] = eligible.map(({ userId, groupId }) => ({
    tenantId,
    userId,
    eventId: jobId,
    at: generatedAt,
    actor: job.createdBy,
    action: "temporary-password.regenerated",
    details: { jobId, groupId, group: groupNames.get(groupId) ?? "" },
  }));
  await Promise.all([deps.temporaryPasswords.putMany(credentials), deps.audit.recordMany(events)]);
  return { processed: rows.length, failed: 0, skipped: rows.length - eligible.length, errors: [] };
}

/**
 * As a regeneration job ends (any final state, before the status is set): make the report available, forget the
 * job key (no password can be derived again), record the tenant audit event, and free the lock. Idempotent.
 */
export async function finishRegeneration(
  deps: Pick<Deps, "jobs" | "jobSecrets" | "audit" | "locks" | "clock">,
  job: Job,
  status: JobStatus,
) {
  const { tenantId, jobId } = job;
  await deps.jobs.openReport(tenantId, jobId);
  await forgetJobKey(deps, tenantId, jobId);
  await deps.audit.record({
    tenantId,
    eventId: jobId,
    at: job.createdAt,
    actor: job.createdBy,
    action: "temporary-passwords.regenerated",
    details: {
      jobId,
      status,
      groupIds: (job.groups ?? []).map((g) => g.groupId),
      groups: (job.groups ?? []).map((g) => g.name),
      users: job.total,
      regenerated: job.processed - (job.skipped ?? 0),
      skipped: job.skipped ?? 0,
      failed: job.failed,
      finishedAt: job.finishedAt ?? deps.clock.now().toISOString(),
    },
  });
  await deps.locks.release(tenantId, regenerationLock, jobId);
}

/**
 * A bulk regeneration (started by `startRegeneration`): the fan-out plans the cohort, each chunk regenerates its
 * users, the end opens the one-time report, which a site admin retrieves once.
 */
export const regenerationJob = {
  type: "password-regeneration",
  plan: planCohortJob,
  chunk: regenerateChunk,
  finish: finishRegeneration,
  report: async (deps, principal, job) => ({
    kind: "temporary-passwords" as const,
    ...(await retrievePasswordReport(deps, principal, job.jobId)),
  }),
} as const satisfies JobDefinition<CohortRow>;
