import { jobPin } from "../../domain/early-years.js";
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from "../../domain/errors.js";
import { isFinished } from "../../domain/job.js";
import { actorOf, assertMayReadSecrets, mayReadPinSlips, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { plannedCohort } from "../jobs/cohort.js";
import { forgetJobKey, jobKey } from "../jobs/job-keys.js";

export type PinSlip = {
  generatedAt: string;
  forename: string;
  surname: string;
  username: string;
  group: string;
  pin?: string;
  void?: string;
};

export type PinSlips = {
  jobId: string;
  generatedAt: string;
  groups: string[];
  retrievedAt: string;
  rows: PinSlip[];
};

/**
 * The one-time slips of a pupil-PIN job (a class's random PINs, or the defaults after the declaration), like #3's
 * report: for the member of staff who started the job, or a nominated contact or the headteacher — never an API
 * key, and a job a key or the system started has no creator who may read them (`mayReadPinSlips`).
 * 1. Rows come from the job's stored plan: a pupil whose PIN is still this job's gets it (re-derived from the job
 *    key); a PIN changed since is void; pupils the job left alone (defaults: they already had a PIN) are omitted.
 * 2. The first retrieval consumes the slips (conditional `available → retrieved`); later ones get 410. The plan
 *    and the job key are deleted — no PIN of this job can be derived again — and the retrieval is audited.
 */
export async function retrievePupilPinSlips(
  deps: Pick<Deps, "jobs" | "users" | "pupilPins" | "jobSecrets" | "secretBox" | "audit" | "clock">,
  principal: Principal,
  jobId: string,
): Promise<PinSlips> {
  assertMayReadSecrets(principal);
  const tenantId = principal.tenantId;
  const job = await deps.jobs.progress(tenantId, jobId);
  if (job?.type !== "pupil-pins") throw new NotFoundError("Slips");
  if (!mayReadPinSlips(principal, job.createdBy)) {
    throw new ForbiddenError(
      "Only whoever generated these PINs, a nominated contact or the headteacher may print them",
    );
  }
  if (job.report?.status === "retrieved") throw gone(job.report.retrievedAt);
  if (!isFinished(job.status) || job.report?.status !== "available") {
    throw new ConflictError("The slips are not ready: the PINs are still being generated.");
  }
  const now = deps.clock.now();
  const key = await jobKey(deps, tenantId, jobId);
  const {
    plan,
    users,
    credentials: pins,
    generatedAt,
    slip,
  } = await plannedCohort(deps, job, (ids) => deps.pupilPins.statusesOf(tenantId, ids));
  const rows = plan.flatMap((row): PinSlip[] => {
    const user = users.get(row.userId);
    const pin = pins.get(row.userId);
    if (!user || !pin) return [];
    const base = slip(row, user);
    if (pin.generation === jobId) return [{ ...base, pin: jobPin(job, key, user).pin }];
    if (job.pins?.mode === "random" && pin.changedAt >= generatedAt) {
      return [{ ...base, void: "Changed since: this PIN no longer works." }];
    }
    return [];
  });
  rows.sort(
    (a, b) =>
      a.group.localeCompare(b.group, "en-GB") ||
      a.surname.localeCompare(b.surname, "en-GB") ||
      a.forename.localeCompare(b.forename, "en-GB"),
  );
  if (!(await deps.jobs.consumeReport(tenantId, jobId, actorOf(principal), now))) throw gone();
  await deps.jobs.deleteChunks(tenantId, jobId, 1);
  await forgetJobKey(deps, tenantId, jobId);
  await deps.audit.record({
    tenantId,
    eventId: `${jobId}-slips`,
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "pupil-pin.slips-retrieved",
    details: { jobId, rows: rows.length, void: rows.filter((r) => r.void).length },
  });
  return {
    jobId,
    generatedAt,
    groups: (job.groups ?? []).map((g) => g.name),
    retrievedAt: now.toISOString(),
    rows,
  };
}

function gone(at?: string) {
  return new GoneError(
    `These PIN slips were already retrieved${at ? ` at ${at}` : ""}. They can be retrieved once; generate new PINs to print new slips.`,
  );
}
