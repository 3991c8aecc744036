import { NotFoundError } from "../domain/errors.js";
import { authorize, type Principal } from "../domain/permissions.js";
import type { Deps } from "./deps.js";

/** A bulk job's progress (`total`, `processed`, `failed`, `status`) and row errors, for a progress bar. */
export async function getJob(deps: Pick<Deps, "jobs">, principal: Principal, jobId: string) {
  authorize(principal, "jobs:read");
  const job = await deps.jobs.get(principal.tenantId, jobId);
  if (!job) throw new NotFoundError("Job");
  return job;
}
