import { randomUUID } from "node:crypto";
import { finalStatus, type Job, splitIntoChunks } from "../../domain/job.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import { type RosterInput, type RowError, rowCount, validateRoster } from "../../domain/roster.js";
import type { Deps } from "../deps.js";
import { startJob } from "../jobs/start-job.js";
import { afterRosterImport } from "../pupil-pins/start-pupil-pin-job.js";
import { applyRosterRows, type RosterRow } from "./apply-roster-rows.js";
import { pruneToSnapshot, snapshotSections } from "./snapshot.js";

/** One work message: a consumer invocation's worth of rows, well inside one DynamoDB item (400 KB). */
export const rosterChunkLimits = { maxRows: 100, maxBytes: 256 * 1024 };

const chunk = <T>(rows: readonly T[]) => splitIntoChunks(rows, rosterChunkLimits);

/**
 * Imports a roster (what a school's MIS exports).
 * 1. Authorize `roster:import` for the principal's tenant (the only tenant it can touch).
 * 2. Validate every row; invalid rows are reported with section, line and reason and never block valid ones.
 * 2a. With `snapshot`, each link section sent is the complete list: links missing from it are removed first
 *    (`pruneToSnapshot`).
 * 3. Fewer than `asyncThreshold` rows: apply now — groups and users first, then memberships and class-teacher links.
 *    Anything created may be a new early-years pupil: `afterRosterImport` gives them a PIN (a job).
 * 4. Otherwise record a bulk job whose chunks are stored with it, in two phases (groups/users, then links), and
 *    queue one fan-out message (`startJob`; the job type is `rosterImportJob`); the caller gets the job to poll.
 */
export async function importRoster(
  deps: Pick<
    Deps,
    | "users"
    | "groups"
    | "tenants"
    | "jobs"
    | "jobQueue"
    | "jobSecrets"
    | "secretBox"
    | "sessionRevocations"
    | "clock"
  >,
  principal: Principal,
  input: RosterInput,
  options: { asyncThreshold: number; snapshot?: boolean },
) {
  authorize(principal, "roster:import");
  const tenantId = principal.tenantId;
  const now = deps.clock.now();
  const { valid, errors } = validateRoster(input, now.toISOString().slice(0, 10));
  // A refused snapshot is reported first, without counting as a failed row.
  let removed = 0;
  const snapshotErrors: RowError[] = [];
  if (options.snapshot) {
    for (const section of snapshotSections.filter((s) => input[s] !== undefined)) {
      const pruned = await pruneToSnapshot(deps, tenantId, section, valid[section], errors);
      removed += pruned.removed;
      if (pruned.error) snapshotErrors.push(pruned.error);
    }
  }
  const total = rowCount(valid) + errors.length;
  const entities: RosterRow[] = [...valid.groups, ...valid.users];
  const links: RosterRow[] = [...valid.memberships, ...valid.classTeachers];

  if (total < options.asyncThreshold) {
    const first = await applyRosterRows(deps, tenantId, entities);
    const second = await applyRosterRows(deps, tenantId, links);
    if (first.outcomes.created + second.outcomes.created > 0) {
      await afterRosterImport(deps, { tenantId, createdBy: actorOf(principal) });
    }
    return {
      mode: "sync" as const,
      result: {
        total,
        processed: first.processed + second.processed,
        failed: errors.length + first.failed + second.failed,
        created: first.outcomes.created + second.outcomes.created,
        updated: first.outcomes.updated + second.outcomes.updated,
        unchanged: first.outcomes.unchanged + second.outcomes.unchanged,
        removed,
        errors: [...snapshotErrors, ...errors, ...first.errors, ...second.errors],
      },
    };
  }

  const phases = [chunk(entities), chunk(links)].filter((p) => p.length > 0);
  const job: Job = {
    tenantId,
    jobId: randomUUID(),
    type: "roster-import",
    status: "queued",
    total,
    processed: 0,
    failed: errors.length,
    phases: phases.map((p) => p.length),
    chunkSizes: phases.map((p) => p.map((c) => c.length)),
    phase: 1,
    chunksDone: 0,
    createdBy: actorOf(principal),
    createdAt: now.toISOString(),
    errors: [...snapshotErrors, ...errors],
  };
  if (phases.length === 0) Object.assign(job, { status: finalStatus(job), finishedAt: job.createdAt });
  await startJob(deps, job, { chunks: phases });
  return { mode: "async" as const, job };
}
