import { ConflictError, GoneError, NotFoundError } from "../../domain/errors.js";
import { isFinished } from "../../domain/job.js";
import { actorOf, assertMayReadSecrets, authorize, type Principal } from "../../domain/permissions.js";
import { dayOfBirth, isExpired, temporaryPasswordAad } from "../../domain/temporary-password.js";
import { mapLimit } from "../../shared/concurrency.js";
import type { Deps } from "../deps.js";
import { classNamesOf } from "../directory/class-names.js";
import { plannedCohort } from "../jobs/cohort.js";

/** One slip of the report. A void row (replaced, claimed, expired) carries the reason instead of a password. */
export type ReportRow = {
  generatedAt: string;
  forename: string;
  surname: string;
  username: string;
  /** The group that selected the user (SIMS ID's "filter criteria"). */
  group: string;
  /** The user's class, when they are in one (the slip prints it; else the group). */
  className?: string;
  /** Day of the month only; the full date of birth is never printed. */
  dayOfBirth?: string;
  password?: string;
  void?: string;
};

export type PasswordReport = {
  jobId: string;
  generatedAt: string;
  groups: string[];
  retrievedAt: string;
  rows: ReportRow[];
};

/**
 * The one-time report of a regeneration run (SIMS ID: "Can I reprint the Temporary Password Report? No").
 * 1. Only a site admin, for a finished regeneration job of their tenant (404 otherwise; 409 while running).
 * 2. Build every row from the stored work list: the user's current temporary password if it is still this run's
 *    (sealed with this run's generation), otherwise a void row saying why (a newer password replaced it, the
 *    user set their own password, or it expired). Users the run skipped (already claimed, disabled) are left out.
 * 3. Consume the report with a conditional state change (`available` → `retrieved`): only the first caller
 *    gets it; any later retrieval is `410 Gone`. Then delete the stored rows and audit the retrieval.
 */
export async function retrievePasswordReport(
  deps: Pick<Deps, "jobs" | "users" | "groups" | "temporaryPasswords" | "secretBox" | "audit" | "clock">,
  principal: Principal,
  jobId: string,
): Promise<PasswordReport> {
  assertMayReadSecrets(principal);
  authorize(principal, "passwords:reveal");
  const tenantId = principal.tenantId;
  const job = await deps.jobs.progress(tenantId, jobId);
  if (job?.type !== "password-regeneration") throw new NotFoundError("Report");
  if (job.report?.status === "retrieved") throw gone(job.report.retrievedAt);
  if (!isFinished(job.status) || job.report?.status !== "available") {
    throw new ConflictError("The report is not ready: the regeneration is still running.");
  }
  const now = deps.clock.now();
  const {
    plan: cohort,
    users,
    credentials,
    generatedAt,
    slip,
  } = await plannedCohort(deps, job, (ids) => deps.temporaryPasswords.getMany(tenantId, ids));

  const classes = await classNamesOf(
    deps,
    tenantId,
    cohort.map((row) => row.userId),
  );
  const rows = await mapLimit(cohort, 16, async (row): Promise<ReportRow | undefined> => {
    const user = users.get(row.userId);
    if (!user) return undefined;
    const className = classes.get(row.userId);
    const base = {
      ...slip(row, user),
      ...(className ? { className } : {}),
      ...(dayOfBirth(user.dateOfBirth) ? { dayOfBirth: dayOfBirth(user.dateOfBirth) } : {}),
    };
    const credential = credentials.get(row.userId);
    const ours = credential?.generation === jobId;
    if (!ours && (user.status !== "active" || (user.claimedAt && user.claimedAt <= generatedAt))) {
      return undefined; // skipped by the run: never given a password by it
    }
    if (user.claimedAt) return { ...base, void: "The user has set their own password." };
    if (!credential || !ours) {
      return { ...base, void: "Replaced by a newer temporary password: this one no longer works." };
    }
    if (isExpired(credential, now)) return { ...base, void: "Expired." };
    const password = await deps.secretBox.open(
      credential.sealed,
      temporaryPasswordAad(tenantId, row.userId, jobId),
    );
    return { ...base, password };
  });
  // Slips come out by group (in the order chosen), then by surname and forename: ready to hand out per class.
  const rank = new Map((job.groups ?? []).map((g, i) => [g.name, i]));
  const present = rows
    .filter((r): r is ReportRow => r !== undefined)
    .sort(
      (a, b) =>
        (rank.get(a.group) ?? 0) - (rank.get(b.group) ?? 0) ||
        a.surname.localeCompare(b.surname, "en-GB") ||
        a.forename.localeCompare(b.forename, "en-GB") ||
        a.username.localeCompare(b.username, "en-GB"),
    );

  const retrieved = await deps.jobs.consumeReport(tenantId, jobId, actorOf(principal), now);
  if (!retrieved) throw gone();
  await deps.jobs.deleteChunks(tenantId, jobId, 1);
  await deps.audit.record({
    tenantId,
    eventId: `${jobId}-report`,
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "temporary-password.report-retrieved",
    details: {
      jobId,
      rows: present.length,
      void: present.filter((r) => r.void).length,
    },
  });
  return {
    jobId,
    generatedAt,
    groups: (job.groups ?? []).map((g) => g.name),
    retrievedAt: now.toISOString(),
    rows: present,
  };
}

function gone(at?: string) {
  return new GoneError(
    `This report was already retrieved${at ? ` at ${at}` : ""}. It can be retrieved once; regenerate the temporary passwords to get a new one.`,
  );
}
