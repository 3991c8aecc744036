import { describe, expect, it, vi } from "vitest";
import { jobDefinitions } from "../../../lib/app/jobs/job-types.js";
import { startJob } from "../../../lib/app/jobs/start-job.js";
import { type Job, jobTypes } from "../../../lib/domain/job.js";

const now = new Date("2025-06-01T09:00:00.000Z");

const job = (overrides: Partial<Job> = {}): Job => ({
  tenantId: "t1",
  jobId: "j1",
  type: "pupil-pins",
  status: "queued",
  total: 0,
  processed: 0,
  failed: 0,
  phases: [],
  chunkSizes: [],
  phase: 1,
  chunksDone: 0,
  createdBy: "user:u1",
  createdAt: now.toISOString(),
  errors: [],
  ...overrides,
});

/** A tiny in-memory job store and queue that log what happened, in order. */
function world(options: { failOn?: "prepare" | "create" | "recorded" | "fanOut" } = {}) {
  const log: string[] = [];
  const step = (name: "prepare" | "create" | "recorded" | "fanOut") => {
    log.push(name);
    if (options.failOn === name) throw new Error(`${name} failed`);
  };
  const deps = {
    clock: { now: () => now, sleep: async () => undefined },
    jobs: {
      create: vi.fn(async (_job: Job, _chunks: unknown[][][]) => step("create")),
      finish: vi.fn(async (_t: string, _j: string, status: string) => {
        log.push(`finish:${status}`);
        return true;
      }),
    },
    jobQueue: { fanOut: vi.fn(async (_message: unknown) => step("fanOut")) },
  };
  const steps = {
    prepare: async () => step("prepare"),
    recorded: async () => step("recorded"),
    onFailure: async () => {
      log.push("onFailure");
    },
  };
  const start = (j: Job, chunks?: unknown[][][]) =>
    startJob(deps as unknown as Parameters<typeof startJob>[0], j, { ...steps, chunks });
  return { deps, log, start };
}

describe("startJob", () => {
  it("prepares, records the job with its chunks, runs the recorded step, then queues phase 1", async () => {
    const w = world();
    const chunks = [[["row"]]];
    await expect(w.start(job(), chunks)).resolves.toMatchObject({ jobId: "j1" });
    expect(w.log).toEqual(["prepare", "create", "recorded", "fanOut"]);
    expect(w.deps.jobs.create).toHaveBeenCalledWith(expect.objectContaining({ jobId: "j1" }), chunks);
    expect(w.deps.jobQueue.fanOut).toHaveBeenCalledWith({
      tenantId: "t1",
      jobId: "j1",
      type: "pupil-pins",
      phase: 1,
    });
  });

  it("only records a job that is already finished (nothing to run)", async () => {
    const w = world();
    await w.start(job({ status: "completed", finishedAt: now.toISOString() }));
    expect(w.log).toEqual(["prepare", "create", "recorded"]);
    expect(w.deps.jobQueue.fanOut).not.toHaveBeenCalled();
  });

  it.each(["prepare", "create", "recorded", "fanOut"] as const)(
    "marks the job failed, runs onFailure and rethrows when %s fails",
    async (failOn) => {
      const w = world({ failOn });
      await expect(w.start(job())).rejects.toThrow(`${failOn} failed`);
      expect(w.log.slice(-2)).toEqual(["finish:failed", "onFailure"]);
    },
  );

  it("rethrows the original error when marking the job failed fails too", async () => {
    const w = world({ failOn: "fanOut" });
    w.deps.jobs.finish.mockRejectedValueOnce(new Error("table down"));
    await expect(w.start(job())).rejects.toThrow("fanOut failed");
  });
});

describe("job types", () => {
  it("registers one definition per job type, under its own name", () => {
    expect(Object.keys(jobDefinitions).sort()).toEqual([...jobTypes].sort());
    for (const [type, definition] of Object.entries(jobDefinitions)) expect(definition.type).toBe(type);
  });

  it("plans cohort jobs in the fan-out and creates roster imports with their chunks", () => {
    expect(jobDefinitions["roster-import"]).not.toHaveProperty("plan");
    for (const type of ["password-regeneration", "pupil-pins", "reset-emails"] as const) {
      expect(jobDefinitions[type].plan).toBeTypeOf("function");
    }
  });
});
