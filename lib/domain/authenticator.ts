import { createHash, randomBytes, randomInt } from "node:crypto";
import type { Owner } from "./identity.js";
import type { Sealed } from "./secrets.js";

/**
 * Authenticator apps (TOTP devices) and recovery codes: the second factor of an owner (a user account or a
 * Latchkey ID, `identity.ts`).
 */

/** Named devices one owner may have active at once. */
export const maxAuthenticators = 5;
/** How long a started enrolment waits for its first code before it is gone. */
export const pendingAuthenticatorMs = 10 * 60_000;
/** How many recovery codes a set has. */
export const recoveryCodeCount = 10;
/** How recent a password re-authentication must be to remove a device without a code. */
export const removalReauthMs = 5 * 60_000;

export type AuthenticatorDevice = {
  deviceId: string;
  /** Set when activated; unique per owner (case-insensitively). */
  name?: string;
  status: "pending" | "active";
  /** The base32 TOTP secret sealed under `authenticatorAad`. */
  sealed: Sealed;
  createdAt: string;
  activatedAt?: string;
  /** The last time-step a code of this device was accepted at: no code at or before it is accepted again. */
  lastStep?: number;
  /** A pending device's expiry (epoch seconds, the table's TTL attribute). */
  expiresAt?: number;
};

/** The AAD of a TOTP secret: bound to its owner and device, so a sealed seed cannot be moved to another. */
export function authenticatorAad(owner: Owner, deviceId: string): string {
  return `totp:${owner.tenantId}:${owner.userId}:${deviceId}`;
}

export function isUsablePending(device: AuthenticatorDevice, now: Date): boolean {
  return device.status === "pending" && (device.expiresAt ?? 0) * 1000 > now.getTime();
}

export function newDeviceId(): string {
  return randomBytes(9).toString("base64url");
}

/** Recovery codes: 4 groups of 4 characters from an alphabet without look-alikes (80 bits). */
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () =>
    Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => recoveryAlphabet[randomInt(recoveryAlphabet.length)]).join(""),
    ).join("-"),
  );
}

/** Recovery codes are typed by hand: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** Recovery codes are stored only as SHA-256 (they carry 80 random bits and are tried under the lockout). */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code), "utf8").digest("hex");
}
