/** The current time, and waiting. Injected so expiry, lockout and pacing are testable with a fake clock. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}
