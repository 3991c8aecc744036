import { describe, expect, it } from "vitest";
import { mapLimit, mapSlices } from "../../../lib/shared/concurrency.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A task that records how many tasks run at once and finishes after `delays[i]` ticks. */
function tracked(delays: readonly number[]) {
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const fn = async (i: number) => {
    started.push(i);
    inFlight++;
    peak = Math.max(peak, inFlight);
    for (let t = 0; t < (delays[i] ?? 0); t++) await tick();
    inFlight--;
    return i * 10;
  };
  return { fn, started, peak: () => peak, inFlight: () => inFlight };
}

describe("mapLimit", () => {
  it("keeps input order in the results when later items finish first", async () => {
    const delays = [5, 1, 4, 0, 3, 2];
    const { fn } = tracked(delays);
    const results = await mapLimit([0, 1, 2, 3, 4, 5], 3, fn);
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("never has more than limit calls in flight and reaches the limit when there is enough work", async () => {
    const delays = Array.from({ length: 20 }, (_, i) => (i * 7) % 5);
    const t = tracked(delays);
    await mapLimit(
      delays.map((_, i) => i),
      4,
      t.fn,
    );
    expect(t.peak()).toBe(4);
    expect(t.inFlight()).toBe(0);
    expect(t.started.sort((a, b) => a - b)).toEqual(delays.map((_, i) => i));
  });

  it("runs one at a time when the limit is 1", async () => {
    const t = tracked([2, 2, 2]);
    await mapLimit([0, 1, 2], 1, t.fn);
    expect(t.peak()).toBe(1);
    expect(t.started).toEqual([0, 1, 2]);
  });

  it("starts no more workers than there are items when the limit is larger", async () => {
    const t = tracked([1, 1]);
    expect(await mapLimit([0, 1], 10, t.fn)).toEqual([0, 10]);
    expect(t.peak()).toBe(2);
  });

  it("returns an empty array without calling fn when there are no items", async () => {
    let calls = 0;
    const results = await mapLimit([], 5, async () => {
      calls++;
    });
    expect(results).toEqual([]);
    expect(calls).toBe(0);
  });

  it("rejects with the error when a call fails", async () => {
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error("boom");
        return n;
      }),
    ).rejects.toThrow("boom");
  });
});

describe("mapSlices", () => {
  it("maps slices of the given size, in order, the last one shorter", async () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const sizes = await mapSlices(items, 100, 2, async (slice) => [slice.length, slice[0]]);
    expect(sizes).toEqual([
      [100, 0],
      [100, 100],
      [50, 200],
    ]);
  });

  it("maps nothing for no items", async () => {
    expect(await mapSlices([], 100, 4, async () => 1)).toEqual([]);
  });
});
