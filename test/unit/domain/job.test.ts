import { describe, expect, it } from "vitest";
import { chunkRows, finalStatus, isFinished, type JobStatus } from "../../../lib/domain/job.js";

describe("finalStatus", () => {
  it("is completed when nothing failed", () => {
    expect(finalStatus({ total: 10, processed: 10, failed: 0 })).toBe("completed");
  });

  it("is completed when the job had no rows at all", () => {
    expect(finalStatus({ total: 0, processed: 0, failed: 0 })).toBe("completed");
  });

  it("is completed_with_failures when some rows failed and some succeeded", () => {
    expect(finalStatus({ total: 10, processed: 7, failed: 3 })).toBe("completed_with_failures");
    expect(finalStatus({ total: 10, processed: 9, failed: 1 })).toBe("completed_with_failures");
  });

  it("is failed when every row failed", () => {
    expect(finalStatus({ total: 10, processed: 0, failed: 10 })).toBe("failed");
  });
});

describe("isFinished", () => {
  it("is true for the three final statuses and false while queued or running", () => {
    const expected: Record<JobStatus, boolean> = {
      queued: false,
      running: false,
      completed: true,
      completed_with_failures: true,
      failed: true,
    };
    for (const [status, finished] of Object.entries(expected)) {
      expect(isFinished(status as JobStatus)).toBe(finished);
    }
  });
});

describe("chunkRows", () => {
  // Phase 1 has 250 rows in chunks of 100 (100, 100, 50); phase 2 has exactly 200 (100, 100).
  const job = { phaseRows: [250, 200], chunkSize: 100 };

  it("gives a full chunk when the phase has rows beyond it", () => {
    expect(chunkRows(job, 1, 0)).toBe(100);
    expect(chunkRows(job, 1, 1)).toBe(100);
  });

  it("gives the remainder when the chunk is the last of the phase", () => {
    expect(chunkRows(job, 1, 2)).toBe(50);
  });

  it("gives a full last chunk when the rows divide evenly", () => {
    expect(chunkRows(job, 2, 1)).toBe(100);
  });

  it("gives zero when the chunk is past the end of the phase", () => {
    expect(chunkRows(job, 1, 3)).toBe(0);
    expect(chunkRows(job, 2, 2)).toBe(0);
  });

  it("gives zero when the phase does not exist", () => {
    expect(chunkRows(job, 3, 0)).toBe(0);
    expect(chunkRows(job, 0, 0)).toBe(0);
  });

  it("adds up to the phase's rows over all its chunks", () => {
    const sum = [0, 1, 2, 3].reduce((n, chunk) => n + chunkRows(job, 1, chunk), 0);
    expect(sum).toBe(250);
  });
});
