import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { secretBytes } from "./secrets.js";

/**
 * Password reset links (CPOMS, IndySoft, SIMS): a 256-bit random token, stored only as its SHA-256, single use,
 * valid for an hour; a newer link replaces the older one; at most five reset emails per account per hour.
 */
export const resetLinkPolicy = {
  validMinutes: 60,
  maxEmailsPerHour: 5,
} as const;

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url").toString("utf8");

/** A new token for a user: whose link it is (tenant and user, so it can be found) and the secret. */
export function newResetToken(tenantId: string, userId: string): { token: string; hash: string } {
  const token = `${b64(tenantId)}.${b64(userId)}.${randomBytes(secretBytes.token).toString("base64url")}`;
  return { token, hash: hashResetToken(token) };
}

/**
 * The token a bulk job issues a user: derived from the job's 256-bit key (HMAC-SHA-256), so a redelivered chunk
 * re-creates the same link and email instead of a second one — or none.
 */
export function jobResetToken(
  jobKey: Buffer,
  tenantId: string,
  userId: string,
): { token: string; hash: string } {
  const secret = createHmac("sha256", jobKey)
    .update(`reset-link\u0000${tenantId}\u0000${userId}`)
    .digest()
    .subarray(0, secretBytes.token);
  const token = `${b64(tenantId)}.${b64(userId)}.${secret.toString("base64url")}`;
  return { token, hash: hashResetToken(token) };
}

/** The tenant and user a token names, or undefined when it is not a token of ours. */
export function parseResetToken(token: string): { tenantId: string; userId: string } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const [tenantId, userId, secret] = parts as [string, string, string];
  if (Buffer.from(secret, "base64url").length !== secretBytes.token) return undefined;
  return { tenantId: unb64(tenantId), userId: unb64(userId) };
}

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two token hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The reset emails sent in the hour before `now` (a sliding window, not a calendar hour). */
export function sendsInLastHour(sentAt: readonly string[], now: Date): string[] {
  const since = now.getTime() - 3600_000;
  return sentAt.filter((at) => Date.parse(at) > since);
}

/** Whether another reset email may go to an account that had these sends. */
export function mayEmailAgain(sentAt: readonly string[], now: Date): boolean {
  return sendsInLastHour(sentAt, now).length < resetLinkPolicy.maxEmailsPerHour;
}
