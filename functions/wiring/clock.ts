import type { Clock } from "../../lib/ports/clock.js";

/** The real clock: every use case reads time through it, so tests can pass a fake one. */
export const clock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
