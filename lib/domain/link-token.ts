import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { secretBytes } from "./secrets.js";

/**
 * Emailed links that prove something (a password reset, an email address): a 256-bit random token naming its
 * tenant and user (so it can be found), stored only as its SHA-256, single use, one current link per user and
 * purpose, and a cap on how many such emails one account gets an hour.
 */
export type LinkPurpose = "reset-link" | "verify-email";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url").toString("utf8");

/** A new token for a user: whose link it is (tenant and user, so it can be found) and the secret. */
export function newLinkToken(tenantId: string, userId: string): { token: string; hash: string } {
  const token = `${b64(tenantId)}.${b64(userId)}.${randomBytes(secretBytes.token).toString("base64url")}`;
  return { token, hash: hashLinkToken(token) };
}

/**
 * The token a bulk job issues a user: derived from the job's 256-bit key (HMAC-SHA-256, with the purpose), so a
 * redelivered chunk re-creates the same link and email instead of a second one — or none.
 */
export function jobLinkToken(
  jobKey: Buffer,
  purpose: LinkPurpose,
  tenantId: string,
  userId: string,
): { token: string; hash: string } {
  const secret = createHmac("sha256", jobKey)
    .update(`${purpose}\u0000${tenantId}\u0000${userId}`)
    .digest()
    .subarray(0, secretBytes.token);
  const token = `${b64(tenantId)}.${b64(userId)}.${secret.toString("base64url")}`;
  return { token, hash: hashLinkToken(token) };
}

/** The tenant and user a token names, or undefined when it is not a token of ours. */
export function parseLinkToken(token: string): { tenantId: string; userId: string } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const [tenantId, userId, secret] = parts as [string, string, string];
  if (Buffer.from(secret, "base64url").length !== secretBytes.token) return undefined;
  return { tenantId: unb64(tenantId), userId: unb64(userId) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two token hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** At most this many link emails of one purpose go to one account in any hour. */
export const maxLinkEmailsPerHour = 5;

/** The link emails sent in the hour before `now` (a sliding window, not a calendar hour). */
export function sendsInLastHour(sentAt: readonly string[], now: Date): string[] {
  const since = now.getTime() - 3600_000;
  return sentAt.filter((at) => Date.parse(at) > since);
}

/** Whether another link email may go to an account that had these sends. */
export function mayEmailAgain(sentAt: readonly string[], now: Date): boolean {
  return sendsInLastHour(sentAt, now).length < maxLinkEmailsPerHour;
}
