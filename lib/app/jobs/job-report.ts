import { NotFoundError } from "../../domain/errors.js";
import { authorize, type Principal } from "../../domain/permissions.js";
import type { JobReportDeps } from "./job-definition.js";
import { type JobReport, jobDefinition } from "./job-types.js";

export type { JobReport };

/**
 * A job's report, by job type (`report` of its definition): a regeneration's one-time temporary passwords, a
 * pupil-PIN job's one-time slips, or a reset-email job's list of members who got no email. Returns the data; the
 * edge renders it as JSON, CSV or a printable page.
 */
export async function retrieveJobReport(
  deps: JobReportDeps,
  principal: Principal,
  jobId: string,
): Promise<JobReport> {
  const job = await deps.jobs.progress(principal.tenantId, jobId);
  if (!job) throw new NotFoundError("Job");
  const definition = jobDefinition(job.type);
  if (!definition.report) {
    // As before job types had their own reports: asking for one with no report is a question about passwords.
    authorize(principal, "passwords:reveal");
    throw new NotFoundError("Report");
  }
  return definition.report(deps, principal, job);
}
