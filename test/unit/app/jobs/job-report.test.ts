import { describe, expect, it } from "vitest";
import { retrieveJobReport } from "../../../../lib/app/jobs/job-report.js";
import { ForbiddenError, NotFoundError } from "../../../../lib/domain/errors.js";
import type { Job } from "../../../../lib/domain/job.js";
import { apiKeyPrincipal, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

/** A finished roster import: a job type with no report of its own. */
async function finishedRosterJob() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  const job: Job = {
    tenantId,
    jobId: uniqueId("job"),
    type: "roster-import",
    status: "completed",
    total: 1,
    processed: 1,
    failed: 0,
    phases: [1],
    chunkSizes: [[1]],
    phase: 1,
    chunksDone: 1,
    createdBy: "api-key:k1",
    createdAt: deps.clock.now().toISOString(),
    errors: [],
  };
  await deps.jobs.create(job, [[[{}]]]);
  return { deps, tenantId, jobId: job.jobId };
}

describe("retrieveJobReport", () => {
  it("answers 404 Report to a caller who may read reports when the job type has none", async () => {
    const { deps, tenantId, jobId } = await finishedRosterJob();
    const admin = userPrincipal(tenantId, "u-admin", ["site-admin"]);
    await expect(retrieveJobReport(deps, admin, jobId)).rejects.toThrow(NotFoundError);
  });

  it("refuses a caller who may not read reports before saying whether one exists", async () => {
    const { deps, tenantId, jobId } = await finishedRosterJob();
    await expect(retrieveJobReport(deps, apiKeyPrincipal(tenantId), jobId)).rejects.toThrow(ForbiddenError);
    const pupil = userPrincipal(tenantId, "u-pupil", ["pupil"]);
    await expect(retrieveJobReport(deps, pupil, jobId)).rejects.toThrow(ForbiddenError);
  });

  it("answers 404 Job for another tenant's job", async () => {
    const { deps, jobId } = await finishedRosterJob();
    const other = userPrincipal(uniqueId("tenant"), "u-admin", ["site-admin"]);
    await expect(retrieveJobReport(deps, other, jobId)).rejects.toThrow(NotFoundError);
  });
});
