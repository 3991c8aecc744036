import type { Clock } from "../ports/clock.js";

/**
 * Waits until `floorMs` have passed since `startedAt`, so an answer that needed little work (an unknown account)
 * comes no sooner than one that needed a lot: callers cannot tell them apart by time.
 */
export async function waitForFloor(clock: Clock, startedAt: Date, floorMs: number): Promise<void> {
  const elapsed = clock.now().getTime() - startedAt.getTime();
  if (elapsed < floorMs) await clock.sleep(floorMs - elapsed);
}
