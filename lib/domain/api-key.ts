import { createHash, randomBytes } from "node:crypto";
import { secretBytes } from "./secrets.js";

/**
 * Tenant API keys look like `lk.<tenantId>.<secret>`: the tenant part lets the key be found with one strongly
 * consistent read inside the tenant's own keys; only the SHA-256 of the whole key is stored.
 */
export function newApiKey(tenantId: string): { key: string; hash: string } {
  const key = `lk.${tenantId}.${randomBytes(secretBytes.token).toString("base64url")}`;
  return { key, hash: sha256(key) };
}

export function parseApiKey(key: string): { tenantId: string; hash: string } | undefined {
  const match = /^lk\.([a-z0-9-]{3,40})\.([A-Za-z0-9_-]{43})$/.exec(key);
  return match?.[1] ? { tenantId: match[1], hash: sha256(key) } : undefined;
}

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export const tenantIdPattern = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** How often the "last used" moment of a key is written at most (one write per key per minute, not per request). */
export const apiKeyLastUsedEveryMs = 60_000;

/** Whether a key with this expiry (ISO) still works at `now`; no expiry: until revoked. */
export function apiKeyUnexpired(key: { expiresAt?: string }, now: Date): boolean {
  return key.expiresAt === undefined || Date.parse(key.expiresAt) > now.getTime();
}

/** Whether a use at `now` should be recorded as the key's last use (throttled: `apiKeyLastUsedEveryMs`). */
export function apiKeyLastUseDue(key: { lastUsedAt?: string }, now: Date): boolean {
  return key.lastUsedAt === undefined || now.getTime() - Date.parse(key.lastUsedAt) >= apiKeyLastUsedEveryMs;
}

/** At most this many unrevoked keys per tenant (one per integration): a stolen admin session cannot mint keys without end. */
export const maxApiKeysPerTenant = 20;
