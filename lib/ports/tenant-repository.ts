import type { Tenant } from "../domain/model.js";

/** Tenants and their API keys. */
export interface TenantRepository {
  get(tenantId: string): Promise<Tenant | undefined>;
  /** Fails with `ConflictError` when the id is taken. */
  create(tenant: Tenant): Promise<void>;
  update(
    tenantId: string,
    patch: Partial<Pick<Tenant, "name" | "environmentName" | "preferences">>,
    now: Date,
  ): Promise<Tenant>;
  putApiKey(record: ApiKeyRecord): Promise<void>;
  /** The key whose SHA-256 is `hash`, if it exists and is not revoked. */
  findApiKey(tenantId: string, hash: string): Promise<ApiKeyRecord | undefined>;
}

export type ApiKeyRecord = { tenantId: string; keyId: string; hash: string; name: string; createdAt: string };
