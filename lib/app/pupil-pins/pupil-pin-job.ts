import type { AuditEvent } from "../../domain/audit.js";
import { isPinPupil, jobPin } from "../../domain/early-years.js";
import type { Job, JobStatus } from "../../domain/job.js";
import type { ChunkResult } from "../../ports/job-repository.js";
import type { PupilPinRecord } from "../../ports/pupil-pin-store.js";
import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";
import { type CohortRow, planCohortJob } from "../jobs/cohort.js";
import type { JobDefinition } from "../jobs/job-definition.js";
import { jobKey } from "../jobs/job-keys.js";
import { retrievePupilPinSlips } from "./pupil-pin-slips.js";

/**
 * Pupil-PIN jobs (SQS, like every cohort job): `defaults` gives each pupil of the early-years year groups who has
 * no PIN the tenant's default one (after the declaration, when the year groups change, after a roster import);
 * `random` gives every pupil of a class a new random PIN. Either way each random PIN is derived from the job's key
 * and the pupil's id, so a redelivered chunk writes the same PINs, and the job's one-time slips can print them.
 * Started by `start-pupil-pin-job.ts`; this is the queue side (chunk, finish, slips).
 */

/**
 * Work: one chunk of pupils.
 * 1. Read the users (type, status, date of birth) and their current PIN status; non-pupils and disabled pupils
 *    are skipped, and so are pupils whose PIN must stay: (defaults) any PIN, (random) a PIN a teacher set after
 *    the job was asked for, or another job wrote after this one started — a change made meanwhile wins.
 * 2. Derive each PIN (`jobPin`), hash it (keyed argon2id, a few at a time), and write it only if the pupil's PIN is
 *    still the one read in step 1 (a PIN a teacher set between the read and the write wins and is counted as
 *    skipped; one this job wrote in a concurrent delivery of the chunk counts as written).
 * 3. One user event per PIN written (event id = job id, so a redelivery records it once).
 */
export async function pupilPinChunk(
  deps: Pick<Deps, "users" | "pupilPins" | "hasher" | "audit" | "jobSecrets" | "secretBox" | "clock">,
  job: Job,
  rows: readonly CohortRow[],
): Promise<ChunkResult> {
  const { tenantId, jobId } = job;
  const mode = job.pins?.mode ?? "defaults";
  const ids = rows.map((r) => r.userId);
  const [key, users, existing] = await Promise.all([
    jobKey(deps, tenantId, jobId),
    deps.users.getMany(tenantId, ids),
    deps.pupilPins.statusesOf(tenantId, ids),
  ]);
  const at = job.startedAt ?? job.createdAt;
  const pupils = users.filter(isPinPupil);
  // A PIN this very job wrote (an earlier or concurrent delivery) counts as written.
  const ours = pupils.filter((u) => existing.get(u.userId)?.generation === jobId).map((u) => u.userId);
  const eligible = pupils.filter((u) => {
    const current = existing.get(u.userId);
    if (!current) return true;
    if (mode === "defaults" || current.generation === jobId) return false;
    // A job's PINs carry the job's start as their change time; a teacher's carry the moment they were set.
    return Date.parse(current.changedAt) <= Date.parse(current.generation ? at : job.createdAt);
  });
  const entries = await mapLimit(eligible, 8, async (user) => {
    const { pin, source } = jobPin(job, key, user);
    const record: PupilPinRecord = {
      hash: await deps.hasher.hash(pin),
      status: mode === "defaults" ? "default" : "changed",
      source,
      generation: jobId,
      changedAt: at,
      changedBy: job.createdBy,
    };
    return { userId: user.userId, record, expected: existing.get(user.userId) };
  });
  const done = new Set(await deps.pupilPins.writeIfUnchanged(tenantId, entries));
  // A PIN that changed meanwhile may be this job's own, from a concurrent delivery of the same chunk.
  const others = entries.filter((e) => !done.has(e.userId)).map((e) => e.userId);
  const now = others.length > 0 ? await deps.pupilPins.statusesOf(tenantId, others) : new Map();
  const written = [
    ...ours,
    ...entries
      .map((e) => e.userId)
      .filter((userId) => done.has(userId) || now.get(userId)?.generation === jobId),
  ];
  const groupOf = new Map(rows.map((r) => [r.userId, r.groupId]));
  const events: AuditEvent[] = written.map((userId) => ({
    tenantId,
    userId,
    eventId: jobId,
    at,
    actor: job.createdBy,
    action: mode === "defaults" ? "pupil-pin.created" : "pupil-pin.changed",
    details: { jobId, how: mode === "defaults" ? "default" : "random", groupId: groupOf.get(userId) ?? "" },
  }));
  await deps.audit.recordMany(events);
  return { processed: rows.length, failed: 0, skipped: rows.length - written.length, errors: [] };
}

/**
 * As a pupil-PIN job ends: its one-time slips become available and the tenant audit event is recorded. The job
 * key stays (sealed) until the slips are retrieved — or TTL deletes it — since the slips re-derive the PINs.
 */
export async function finishPupilPinJob(
  deps: Pick<Deps, "jobs" | "audit" | "clock">,
  job: Job,
  status: JobStatus,
) {
  await deps.jobs.openReport(job.tenantId, job.jobId);
  await deps.audit.record({
    tenantId: job.tenantId,
    eventId: job.jobId,
    at: job.createdAt,
    actor: job.createdBy,
    action: "pupil-pins.generated",
    details: {
      jobId: job.jobId,
      status,
      mode: job.pins?.mode ?? "defaults",
      groupIds: (job.groups ?? []).map((g) => g.groupId),
      groups: (job.groups ?? []).map((g) => g.name),
      pupils: job.total,
      written: job.processed - (job.skipped ?? 0),
      skipped: job.skipped ?? 0,
      failed: job.failed,
    },
  });
}

/**
 * A pupil-PIN job (started by `startPupilPinJob`): the fan-out plans the cohort, each chunk writes its pupils' PINs,
 * the end opens the one-time slips.
 */
export const pupilPinJob = {
  type: "pupil-pins",
  plan: planCohortJob,
  chunk: pupilPinChunk,
  finish: finishPupilPinJob,
  report: async (deps, principal, job) => ({
    kind: "pupil-pins" as const,
    ...(await retrievePupilPinSlips(deps, principal, job.jobId)),
  }),
} as const satisfies JobDefinition<CohortRow>;
