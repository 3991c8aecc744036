import type { SlipReport } from "../api/report-formats.js";
import type { Principal } from "../domain/permissions.js";
import type { Deps } from "./deps.js";
import { retrievePasswordReport } from "./password-report.js";
import { retrievePupilPinSlips } from "./pupil-pin-slips.js";

/** A job's one-time report, by job type: a regeneration's temporary passwords or a pupil-PIN job's slips. */
export async function retrieveJobReport(
  deps: Pick<
    Deps,
    "jobs" | "users" | "temporaryPasswords" | "pupilPins" | "jobSecrets" | "secretBox" | "audit" | "clock"
  >,
  principal: Principal,
  jobId: string,
): Promise<SlipReport> {
  const job = await deps.jobs.progress(principal.tenantId, jobId);
  if (job?.type === "pupil-pins") {
    return { kind: "pupil-pins", ...(await retrievePupilPinSlips(deps, principal, jobId)) };
  }
  return { kind: "temporary-passwords", ...(await retrievePasswordReport(deps, principal, jobId)) };
}
