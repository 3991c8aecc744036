import { randomUUID } from "node:crypto";
import { earlyYearsOf } from "../../domain/early-years.js";
import { type Job, newCohortJob } from "../../domain/job.js";
import type { Group } from "../../domain/model.js";
import type { EarlyYearsSettings } from "../../domain/pupil-pin.js";
import type { Deps } from "../deps.js";
import { createJobKey } from "../jobs/job-keys.js";
import { startJob } from "../jobs/start-job.js";

/**
 * Starting pupil-PIN jobs, for the use cases that do (a class's random PINs, the defaults after the declaration,
 * a settings change or a roster import). What the job then does is `pupilPinJob` (`pupil-pin-job.ts`).
 */

/** The ports starting a pupil-PIN job takes. */
export type JobStarter = Pick<Deps, "groups" | "jobs" | "jobQueue" | "jobSecrets" | "secretBox" | "clock">;

/** Pupils per work message: each needs one argon2id hash (~20 ms of a core), so chunks stay well inside 60 s. */
export const pupilPinChunkSize = 100;

export type PupilPinJobInput = {
  tenantId: string;
  createdBy: string;
  groups: Pick<Group, "groupId" | "name">[];
  mode: "defaults" | "random";
  /** Digits of each random PIN. */
  pinLength: number;
  /** Defaults only: the birthday (DDMM) where the pupil has a real date of birth. */
  birthday: boolean;
};

/**
 * Starts a pupil-PIN job: a fresh sealed job key, the job record (with its one-time slips pending), one fan-out
 * message. The fan-out consumer plans the cohort (`planCohortJob`).
 */
export async function startPupilPinJob(
  deps: Pick<Deps, "jobs" | "jobQueue" | "jobSecrets" | "secretBox" | "clock">,
  input: PupilPinJobInput,
): Promise<Job> {
  const now = deps.clock.now();
  const job = newCohortJob({
    tenantId: input.tenantId,
    jobId: randomUUID(),
    type: "pupil-pins",
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    groups: input.groups,
    chunkSize: pupilPinChunkSize,
    pins: { mode: input.mode, pinLength: input.pinLength, birthday: input.birthday },
  });

  return startJob(deps, job, { prepare: () => createJobKey(deps, job.tenantId, job.jobId) });
}

/** The defaults job for a tenant's early-years settings (none when no year group is configured). */
export async function startDefaultPinsJob(
  deps: JobStarter,
  tenantId: string,
  settings: EarlyYearsSettings,
  createdBy: string,
): Promise<Job | undefined> {
  const groups = (await Promise.all(settings.yearGroupIds.map((g) => deps.groups.get(tenantId, g)))).filter(
    (g): g is Group => g !== undefined,
  );
  if (groups.length === 0) return undefined;
  const rule = settings.defaultPin;
  return startPupilPinJob(deps, {
    tenantId,
    createdBy,
    groups,
    mode: "defaults",
    pinLength: rule.kind === "random" ? rule.length : Math.max(6, settings.minLength),
    birthday: rule.kind === "birthday",
  });
}

/**
 * After a roster import (pupils may have joined an early-years year group): when PIN login is enabled, a defaults
 * job gives the newcomers their PINs; pupils who already have one are left alone.
 */
export async function afterRosterImport(
  deps: Pick<Deps, "tenants"> & JobStarter,
  job: Pick<Job, "tenantId" | "createdBy">,
): Promise<void> {
  const settings = earlyYearsOf(await deps.tenants.get(job.tenantId));
  if (settings.enabled) await startDefaultPinsJob(deps, job.tenantId, settings, job.createdBy);
}
