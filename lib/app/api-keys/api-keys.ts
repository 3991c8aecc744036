import { randomUUID } from "node:crypto";
import { maxApiKeysPerTenant, newApiKey } from "../../domain/api-key.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import type { ApiKeyRecord } from "../../ports/tenant-repository.js";
import type { Deps } from "../deps.js";
import { reauthenticate } from "../sessions/reauthenticate.js";

/** What an admin sees of a key: never the key, never its hash. */
export type ApiKeySummary = Pick<
  ApiKeyRecord,
  "keyId" | "name" | "createdAt" | "createdBy" | "lastUsedAt" | "expiresAt"
>;

const summary = (r: ApiKeyRecord): ApiKeySummary => ({
  keyId: r.keyId,
  name: r.name,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  lastUsedAt: r.lastUsedAt,
  expiresAt: r.expiresAt,
});

/** API keys are managed by signed-in people with `api-keys:manage`; a key can never make or end keys. */
function authorizeManager(principal: Principal): void {
  authorize(principal, "api-keys:manage");
  if (principal.kind !== "user") throw new ForbiddenError("Not allowed to api-keys manage");
}

/**
 * Creates a key for the caller's tenant; the plain key is returned this once and only its SHA-256 is stored. At most
 * `maxApiKeysPerTenant` unrevoked keys (checked before the write: two creates at once may both pass at the limit).
 */
export async function createTenantApiKey(
  deps: Pick<Deps, "tenants" | "audit" | "clock" | "users" | "credentials" | "hasher">,
  principal: Principal,
  input: { name: string; expiresAt?: string; password: string },
): Promise<ApiKeySummary & { apiKey: string }> {
  authorizeManager(principal);
  // A key acts for the whole school without a password: minting one is confirmed with the admin's own, so a stolen
  // session cannot turn itself into a key that skips every "confirm with your password" step.
  await reauthenticate(deps, principal, input.password);
  const now = deps.clock.now();
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) {
    throw new ValidationError("The expiry must be in the future.", [
      { pointer: "/expiresAt", detail: "in the past" },
    ]);
  }
  if ((await deps.tenants.listApiKeys(principal.tenantId)).length >= maxApiKeysPerTenant) {
    throw new ConflictError(`A tenant has at most ${maxApiKeysPerTenant} API keys: revoke one first.`);
  }
  const { key, hash } = newApiKey(principal.tenantId);
  const record: ApiKeyRecord = {
    tenantId: principal.tenantId,
    keyId: randomUUID(),
    hash,
    name: input.name,
    createdAt: now.toISOString(),
    createdBy: actorOf(principal),
    ...(input.expiresAt !== undefined && { expiresAt: new Date(input.expiresAt).toISOString() }),
  };
  await deps.tenants.putApiKey(record);
  await recordEvent(deps, principal, "api-key.created", record, now);
  return { ...summary(record), apiKey: key };
}

export async function listTenantApiKeys(
  deps: Pick<Deps, "tenants">,
  principal: Principal,
): Promise<ApiKeySummary[]> {
  authorizeManager(principal);
  return (await deps.tenants.listApiKeys(principal.tenantId)).map(summary);
}

/** Revokes one of the tenant's keys; another tenant's key id (or an unknown one) is not found. */
export async function revokeTenantApiKey(
  deps: Pick<Deps, "tenants" | "audit" | "clock">,
  principal: Principal,
  keyId: string,
): Promise<void> {
  authorizeManager(principal);
  const now = deps.clock.now();
  const record = (await deps.tenants.listApiKeys(principal.tenantId)).find((key) => key.keyId === keyId);
  if (!record || !(await deps.tenants.revokeApiKey(principal.tenantId, keyId, now)))
    throw new NotFoundError("API key");
  await recordEvent(deps, principal, "api-key.revoked", record, now);
}

/** A tenant audit event naming the key (its id and name, never the key). */
async function recordEvent(
  deps: Pick<Deps, "audit">,
  principal: Principal,
  action: "api-key.created" | "api-key.revoked",
  key: ApiKeyRecord,
  now: Date,
): Promise<void> {
  await deps.audit.record({
    tenantId: principal.tenantId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action,
    details: { keyId: key.keyId, name: key.name },
  });
}
