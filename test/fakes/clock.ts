import type { Clock } from "../../lib/ports/clock.js";

/**
 * A clock that only moves when told to, or when someone sleeps: `sleep` advances time at once instead of waiting,
 * so answer floors, lock expiry and pacing run instantly and deterministically.
 */
export class FakeClock implements Clock {
  private at: number;
  /** Every `sleep` asked for, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(start: Date | string = "2025-06-02T09:00:00.000Z") {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.at += Math.max(0, ms);
  }

  advance(ms: number): void {
    this.at += ms;
  }

  set(date: Date | string): void {
    this.at = new Date(date).getTime();
  }
}
