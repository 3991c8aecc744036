import { signUpSourcePolicy } from "./pin-code.js";
import { pupilSignInLimits } from "./pupil-pin.js";

/**
 * Limits on the public routes, counted per tenant in the fixed 15-minute windows of `sourceWindowStart`
 * (`signUpSourcePolicy.windowSeconds`): per source (a hashed client address) and for the whole tenant.
 *
 * A tenant-wide limit must not let one client lock everyone out, so it never refuses a *clean* source — one with
 * nothing counted in the current window. Once the tenant's window is full, a source gets one counted attempt and is
 * then refused until the window ends: an attacker spread over many addresses gets one guess per address, while a
 * teacher who has not failed yet still signs in.
 */
export type SourceLimits = {
  /** The counter's label among the tenant's per-source windows (the sign-up limit uses bare hashes). */
  label: string;
  perSource: number;
  perTenant: number;
  /**
   * Whether a full tenant window still lets a clean source try (see above). Pupil sign-in keeps a hard school limit
   * (#11 hole 6: a whole school's PINs guessed from many devices is the attack it stops).
   */
  spareCleanSources: boolean;
};

/** Password sign-in (`POST /v1/sessions`): failures only; a success gives its attempts back. */
export const signInLimits: SourceLimits = {
  label: "sign-in",
  perSource: 50,
  perTenant: 500,
  spareCleanSources: true,
};

/**
 * Reset requests (`POST /v1/password-resets`, the forgot-password form): every request counts, whether or not an
 * account matched, so a 429 says nothing about any account.
 */
export const resetRequestLimits: SourceLimits = {
  label: "reset",
  perSource: 10,
  perTenant: 200,
  spareCleanSources: true,
};

/** The UTC day (YYYY-MM-DD) a tenant's daily email quota counts `now` in. */
export function emailQuotaDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** PIN-code sign-ups: failures only (the sign-up's per-source 20 of `signUpSourcePolicy`, and the tenant's 200). */
export const signUpLimits: SourceLimits = {
  label: "sign-up",
  perSource: signUpSourcePolicy.maxFailures,
  perTenant: 200,
  spareCleanSources: true,
};

/** Pupil sign-in: failures only; 20 per source (a class guessed from one device is an attack), 100 per school. */
export const pupilSignInSourceLimits: SourceLimits = {
  label: "pupil",
  ...pupilSignInLimits,
  spareCleanSources: false,
};

/** Seconds until the window `now` falls in ends (at least 1): the `Retry-After` of a 429. */
export function retryAfterSeconds(now: Date, windowStart: number, windowSeconds: number): number {
  return Math.max(1, windowStart + windowSeconds - Math.floor(now.getTime() / 1000));
}
