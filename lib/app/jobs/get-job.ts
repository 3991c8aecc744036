import { NotFoundError } from "../../domain/errors.js";
import { actorOf, authorize, can, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * A bulk job's progress (`total`, `processed`, `failed`, `status`) and row errors, for a progress bar: for whoever
 * may read jobs, and for whoever started it (a class teacher generating their class's PINs).
 */
export async function getJob(deps: Pick<Deps, "jobs">, principal: Principal, jobId: string) {
  const mayReadAll = can(principal, "jobs:read");
  const job = await deps.jobs.get(principal.tenantId, jobId);
  if (!mayReadAll && job?.createdBy !== actorOf(principal)) authorize(principal, "jobs:read");
  if (!job) throw new NotFoundError("Job");
  return job;
}
