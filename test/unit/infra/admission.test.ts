import { expect, it } from "vitest";

it("runs at most LOCAL_MAX_CONCURRENT_INVOCATIONS at once and the rest in arrival order, none lost", async () => {
  process.env.LOCAL_MAX_CONCURRENT_INVOCATIONS = "3";
  const { admit } = await import("../../../infra/local/admission.js");
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const work = (i: number) =>
    admit(async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 + (i % 3)));
      running--;
      if (i === 4) throw new Error("a failed invocation frees its slot too");
      return i;
    });
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => work(i)));
  expect(peak).toBe(3);
  expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(19);
  // Later arrivals are admitted at once when the queue has drained.
  expect(await admit(async () => "later")).toBe("later");
});
