import { describe, expect, it } from "vitest";
import {
  chunkRows,
  finalStatus,
  isFinished,
  type JobStatus,
  splitIntoChunks,
} from "../../../lib/domain/job.js";

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
  const job = {
    chunkSizes: [
      [100, 100, 50],
      [100, 100],
    ],
  };

  it("gives the recorded size of a chunk of a phase", () => {
    expect(chunkRows(job, 1, 0)).toBe(100);
    expect(chunkRows(job, 1, 2)).toBe(50);
    expect(chunkRows(job, 2, 1)).toBe(100);
  });

  it("gives zero for a chunk or phase that does not exist", () => {
    expect(chunkRows(job, 1, 3)).toBe(0);
    expect(chunkRows(job, 3, 0)).toBe(0);
    expect(chunkRows(job, 0, 0)).toBe(0);
  });
});

describe("splitIntoChunks", () => {
  it("cuts at the row limit when rows are small", () => {
    const chunks = splitIntoChunks(
      Array.from({ length: 250 }, (_, i) => i),
      { maxRows: 100, maxBytes: 1e6 },
    );
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it("cuts earlier when the rows' JSON would pass the byte limit", () => {
    const row = "x".repeat(98); // 100 bytes of JSON with its quotes
    const chunks = splitIntoChunks(
      Array.from({ length: 10 }, () => row),
      { maxRows: 100, maxBytes: 350 },
    );
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });

  it("gives an oversized row a chunk of its own, and nothing for no rows", () => {
    const chunks = splitIntoChunks(["a", "y".repeat(500), "b"], { maxRows: 100, maxBytes: 100 });
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
    expect(splitIntoChunks([], { maxRows: 10, maxBytes: 10 })).toEqual([]);
  });
});
