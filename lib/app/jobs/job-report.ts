import type { SlipReport } from "../../api/report-formats.js";
import { ConflictError, NotFoundError } from "../../domain/errors.js";
import { isFinished } from "../../domain/job.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { resetEmailReport } from "../password-resets/reset-email-job.js";
import { retrievePupilPinSlips } from "../pupil-pins/pupil-pin-slips.js";
import { retrievePasswordReport } from "../temporary-passwords/password-report.js";

/**
 * A job's report, by job type: a regeneration's one-time temporary passwords, a pupil-PIN job's one-time slips,
 * or a reset-email job's list of members who got no email (no secret: readable any number of times).
 */
export async function retrieveJobReport(
  deps: Pick<
    Deps,
    "jobs" | "users" | "temporaryPasswords" | "pupilPins" | "jobSecrets" | "secretBox" | "audit" | "clock"
  >,
  principal: Principal,
  jobId: string,
): Promise<SlipReport> {
  const job = await deps.jobs.progress(principal.tenantId, jobId);
  if (!job) throw new NotFoundError("Job");
  if (job.type === "reset-emails") {
    authorize(principal, "emails:send-resets");
    if (!isFinished(job.status)) throw new ConflictError("The job is still running; its report follows.");
    return { kind: "reset-emails", ...(await resetEmailReport(deps, job)) };
  }
  if (job.type === "pupil-pins") {
    return { kind: "pupil-pins", ...(await retrievePupilPinSlips(deps, principal, jobId)) };
  }
  return { kind: "temporary-passwords", ...(await retrievePasswordReport(deps, principal, jobId)) };
}
