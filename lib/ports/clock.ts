/** The current time. Injected so expiry and lockout are testable with a fake clock. */
export interface Clock {
  now(): Date;
}
