import type { Clock } from "../ports/clock.js";

/**
 * Every failed sign-in (password or pupil PIN) takes at least this long. The paths differ by a few table round trips
 * (an unknown user needs fewer than a wrong password); the floor hides that difference behind one argon2
 * verification's time.
 */
export const failedSignInFloorMs = 400;

/**
 * Waits until `floorMs` have passed since `startedAt`, so an answer that needed little work (an unknown account)
 * comes no sooner than one that needed a lot: callers cannot tell them apart by time.
 */
export async function waitForFloor(clock: Clock, startedAt: Date, floorMs: number): Promise<void> {
  const elapsed = clock.now().getTime() - startedAt.getTime();
  if (elapsed < floorMs) await clock.sleep(floorMs - elapsed);
}
