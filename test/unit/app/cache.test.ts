import { describe, expect, it, vi } from "vitest";
import { cachePerPort } from "../../../lib/app/cache.js";

function fakeClock(start = Date.UTC(2025, 5, 1, 9)) {
  let now = start;
  return { now: () => new Date(now), sleep: async () => undefined, advance: (ms: number) => (now += ms) };
}

describe("cachePerPort", () => {
  it("reads again once the time to live has passed on the clock", async () => {
    const clock = fakeClock();
    const load = vi.fn(async () => "value");
    const cache = cachePerPort<string>({ maxEntries: 10, ttlMs: 60_000 })({});
    await cache.get(clock, "t1", load);
    clock.advance(59_999);
    await cache.get(clock, "t1", load);
    expect(load).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await cache.get(clock, "t1", load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("keeps one set of entries per port instance", async () => {
    const clock = fakeClock();
    const cacheFor = cachePerPort<string>({ maxEntries: 10 });
    const [a, b] = [{}, {}];
    await cacheFor(a).get(clock, "k", async () => "from a");
    expect(await cacheFor(a).get(clock, "k", async () => "again")).toBe("from a");
    expect(await cacheFor(b).get(clock, "k", async () => "from b")).toBe("from b");
  });

  it("makes room by dropping the oldest entry, and forgets an entry on delete", async () => {
    const clock = fakeClock();
    const cache = cachePerPort<number>({ maxEntries: 2 })({});
    const load = vi.fn(async () => 1);
    await cache.get(clock, "a", load);
    await cache.get(clock, "b", load);
    await cache.get(clock, "c", load);
    await cache.get(clock, "b", load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get(clock, "a", load);
    expect(load).toHaveBeenCalledTimes(4);
    cache.delete("a");
    await cache.get(clock, "a", load);
    expect(load).toHaveBeenCalledTimes(5);
  });

  it("caches nothing when the read fails", async () => {
    const clock = fakeClock();
    const cache = cachePerPort<string>({ maxEntries: 2 })({});
    await expect(cache.get(clock, "k", async () => Promise.reject(new Error("down")))).rejects.toThrow(
      "down",
    );
    expect(await cache.get(clock, "k", async () => "up")).toBe("up");
  });
});
