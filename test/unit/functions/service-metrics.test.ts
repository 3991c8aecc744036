import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { metrics } from "../../../functions/observability.js";
import {
  countEmailOutcomes,
  countingJobs,
  countingLockouts,
} from "../../../functions/wiring/service-metrics.js";
import type { Job } from "../../../lib/domain/job.js";
import { serviceMetrics } from "../../../lib/topology/metrics.js";
import { FakeCredentialStore } from "../../fakes/credentials.js";
import { FakeJobRepository } from "../../fakes/jobs.js";

let counted: Record<string, number>;
beforeEach(() => {
  counted = {};
  vi.spyOn(metrics, "addMetric").mockImplementation((name, _unit, value) => {
    counted[name] = (counted[name] ?? 0) + value;
    return metrics;
  });
});
afterEach(() => vi.restoreAllMocks());

const aJob = (type: Job["type"]): Job => ({
  tenantId: "oakfield",
  jobId: `job-${type}`,
  type,
  status: "queued",
  total: 3,
  processed: 0,
  failed: 0,
  phases: [1],
  chunkSizes: [[3]],
  phase: 1,
  chunksDone: 0,
  createdBy: "admin",
  createdAt: "2026-11-29T00:00:00.000Z",
  errors: [],
});

describe("the service's own metrics", () => {
  it("counts a job started, its regenerated users once (a redelivered chunk is not counted again), and its end once", async () => {
    const jobs = countingJobs(new FakeJobRepository());
    const job = aJob("password-regeneration");
    await jobs.create(job, [[[1, 2, 3]]]);
    const result = { processed: 2, failed: 1, skipped: 0, errors: [] };
    expect(await jobs.completeChunk(job.tenantId, job.jobId, 1, 0, result)).toBeDefined();
    expect(await jobs.completeChunk(job.tenantId, job.jobId, 1, 0, result)).toBeUndefined();
    const now = new Date("2026-11-29T00:01:00Z");
    expect(await jobs.finish(job.tenantId, job.jobId, "completed_with_failures", now)).toBe(true);
    expect(await jobs.finish(job.tenantId, job.jobId, "completed_with_failures", now)).toBe(false);
    // The wrapper still answers every other method from the store.
    expect((await jobs.get(job.tenantId, job.jobId))?.status).toBe("completed_with_failures");
    expect(counted).toEqual({
      [serviceMetrics.jobsStarted]: 1,
      [serviceMetrics.usersRegenerated]: 2,
      [serviceMetrics.jobsFinished]: 1,
    });
  });

  it("counts a failed job as failed, and no regenerated users for other job types", async () => {
    const jobs = countingJobs(new FakeJobRepository());
    const job = aJob("reset-emails");
    await jobs.create(job, [[[1, 2, 3]]]);
    await jobs.completeChunk(job.tenantId, job.jobId, 1, 0, { processed: 3, failed: 0, errors: [] });
    await jobs.finish(job.tenantId, job.jobId, "failed", new Date());
    expect(counted).toEqual({ [serviceMetrics.jobsStarted]: 1, [serviceMetrics.jobsFailed]: 1 });
  });

  it("counts a lockout each time a locked credential refuses an attempt, and nothing before", async () => {
    const credentials = countingLockouts(new FakeCredentialStore());
    const now = new Date("2026-11-29T00:00:00Z");
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const outcome = await credentials.reserveAttempt("oakfield", "u1", now);
      outcomes.push(outcome);
      if (outcome === "reserved") await credentials.recordFailure("oakfield", "u1", now);
    }
    const locked = outcomes.filter((o) => o === "locked").length;
    expect(locked).toBeGreaterThan(0);
    expect(counted).toEqual({ [serviceMetrics.lockouts]: locked });
  });

  it("counts emails by outcome, not those already sent", () => {
    countEmailOutcomes(["sent", "sent", "deferred", "failed", "already-sent"]);
    expect(counted).toEqual({
      [serviceMetrics.emailsSent]: 2,
      [serviceMetrics.emailsDeferred]: 1,
      [serviceMetrics.emailsFailed]: 1,
    });
  });
});
