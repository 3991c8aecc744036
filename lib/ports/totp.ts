/** The digest and length of a TOTP code (RFC 6238); the service issues SHA-1, 6 digits, 30 seconds. */
export type TotpParameters = { algorithm?: "sha1" | "sha256" | "sha512"; digits?: 6 | 8 };

/**
 * Time-based one-time passwords (RFC 6238) for authenticator apps. Secrets are base32 text (what the `otpauth://`
 * URI carries); the caller seals them at rest.
 */
export interface Totp {
  /** A new random 160-bit secret, base32. */
  newSecret(): string;
  /** The `otpauth://totp/Latchkey:<label>?…` URI an authenticator app scans. */
  uri(secret: string, label: string): string;
  /**
   * Whether `code` is the secret's code for the current or the previous 30-second step at `now` (never a later
   * one): the time-step it matched (a counter of 30-second steps since the epoch), or undefined.
   */
  verify(secret: string, code: string, now: Date, parameters?: TotpParameters): Promise<number | undefined>;
}

/** The 30-second step `now` falls in. */
export function timeStepOf(now: Date): number {
  return Math.floor(now.getTime() / 30_000);
}
