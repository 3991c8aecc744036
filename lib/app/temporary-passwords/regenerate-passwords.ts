import { randomUUID } from "node:crypto";
import { ConflictError, ValidationError } from "../../domain/errors.js";
import { newCohortJob } from "../../domain/job.js";
import type { Group } from "../../domain/model.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { cohortMembers, isRegenerable, statesOf } from "../jobs/cohort.js";
import { createJobKey } from "../jobs/job-keys.js";
import { startJob } from "../jobs/start-job.js";
import { reauthenticate } from "../sessions/reauthenticate.js";
import { regenerationLock } from "./regeneration-lock.js";

/** Longer than any job should take; a lost holder frees the lock after this. */
const lockSeconds = 3600;
/**
 * Users per work message. Each chunk costs a few fixed round trips (chunk, job, done marker, the transaction that
 * counts it); 200 users (400 items written) keep those small beside the writes and well inside the timeout.
 */
export const defaultRegenerationChunkSize = 200;
const maxGroups = 100;

async function selectedGroups(deps: Pick<Deps, "groups">, tenantId: string, groupIds: readonly string[]) {
  const unique = [...new Set(groupIds)];
  if (unique.length === 0 || unique.length > maxGroups) {
    const detail = `choose between 1 and ${maxGroups} groups`;
    throw new ValidationError(`Invalid selection: ${detail}.`, [{ pointer: "/groupIds", detail }]);
  }
  const groups = await Promise.all(unique.map((g) => deps.groups.get(tenantId, g)));
  const missing = unique.filter((_, i) => !groups[i]);
  if (missing.length > 0) {
    throw new ValidationError(
      "Some selected groups do not exist.",
      missing.map((g) => ({ pointer: `/groupIds/${unique.indexOf(g)}`, detail: `no group ${g}` })),
    );
  }
  return groups as Group[];
}

/**
 * Preview: how many temporary passwords a run over these groups would regenerate (only unclaimed users, each
 * once), per group and in all — the number the confirmation dialogue shows.
 */
export async function previewRegeneration(
  deps: Pick<Deps, "groups" | "users">,
  principal: Principal,
  groupIds: readonly string[],
) {
  authorize(principal, "passwords:generate");
  const groups = await selectedGroups(deps, principal.tenantId, groupIds);
  const cohort = await cohortMembers(
    deps,
    principal.tenantId,
    groups.map((g) => g.groupId),
  );
  const states = await statesOf(
    deps,
    principal.tenantId,
    cohort.rows.map((r) => r.userId),
  );
  const selected = new Map<string, number>();
  for (const row of cohort.rows) {
    if (isRegenerable(states.get(row.userId)))
      selected.set(row.groupId, (selected.get(row.groupId) ?? 0) + 1);
  }
  return {
    users: [...selected.values()].reduce((a, b) => a + b, 0),
    groups: groups.map((g) => ({
      groupId: g.groupId,
      name: g.name,
      members: cohort.members.get(g.groupId) ?? 0,
      selectedUnclaimed: selected.get(g.groupId) ?? 0,
    })),
  };
}

/**
 * Starts a bulk regeneration.
 * 1. Authorize, then re-authenticate the admin with their own password (wrong: 401, nothing recorded or queued).
 * 2. Take the tenant's regeneration lock (another run in progress: 409).
 * 3. Record the job with a fresh 256-bit job key, sealed; each user's password is derived from it, so a
 *    redelivered work message re-creates the same password.
 * 4. Queue one fan-out message (`startJob`; a failure frees the lock); its consumer builds the work list (the
 *    cohort) and queues the work (`regenerationJob`).
 */
export async function startRegeneration(
  deps: Pick<
    Deps,
    | "groups"
    | "users"
    | "credentials"
    | "hasher"
    | "jobs"
    | "jobSecrets"
    | "jobQueue"
    | "secretBox"
    | "locks"
    | "clock"
  >,
  principal: Principal,
  input: { groupIds: string[]; password: string },
  options: { chunkSize?: number } = {},
) {
  authorize(principal, "passwords:generate");
  await reauthenticate(deps, principal, input.password);
  const tenantId = principal.tenantId;
  const groups = await selectedGroups(deps, tenantId, input.groupIds);
  const now = deps.clock.now();
  const jobId = randomUUID();
  if (!(await deps.locks.acquire(tenantId, regenerationLock, jobId, now, lockSeconds))) {
    throw new ConflictError(
      "A temporary password regeneration is already running for this tenant; try again when it completes.",
    );
  }
  const job = newCohortJob({
    tenantId,
    jobId,
    type: "password-regeneration",
    createdBy: actorOf(principal),
    createdAt: now.toISOString(),
    groups,
    chunkSize: options.chunkSize ?? defaultRegenerationChunkSize,
  });
  return startJob(deps, job, {
    prepare: () => createJobKey(deps, tenantId, jobId),
    onFailure: () => deps.locks.release(tenantId, regenerationLock, jobId),
  });
}
