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
