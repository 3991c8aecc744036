import type { JobDefinition } from "../jobs/job-definition.js";
import { afterRosterImport } from "../pupil-pins/start-pupil-pin-job.js";
import { applyRosterRows, type RosterRow } from "./apply-roster-rows.js";

/**
 * A large roster import: created with its chunks in two phases (groups and users, then memberships and class-teacher
 * links; see `importRoster`); each chunk is applied idempotently; once it ends, new early-years pupils get PINs.
 */
export const rosterImportJob = {
  type: "roster-import",
  chunk: (deps, job, rows) => applyRosterRows(deps, job.tenantId, rows),
  followUp: afterRosterImport,
} as const satisfies JobDefinition<RosterRow>;
