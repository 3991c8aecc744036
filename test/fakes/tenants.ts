import { isDeepStrictEqual } from "node:util";
import { ConflictError, NotFoundError } from "../../lib/domain/errors.js";
import { defaultTenantPreferences, type Tenant } from "../../lib/domain/model.js";
import type { EarlyYearsSettings } from "../../lib/domain/pupil-pin.js";
import type { ApiKeyRecord, TenantPatch, TenantRepository } from "../../lib/ports/tenant-repository.js";
import { conditionFailed, copy, tick } from "./support.js";

/** `DynamoTenantRepository` in memory: preferences merge key by key; revoked API keys are not found. */
export class FakeTenantRepository implements TenantRepository {
  private readonly tenants = new Map<string, Tenant>();
  private readonly apiKeys = new Map<string, ApiKeyRecord & { revokedAt?: string }>();
  /** Reads of a tenant, to check what use cases cache. */
  reads = 0;

  /** Stores a tenant (test setup), with default preferences unless given. */
  seed(tenant: Partial<Tenant> & Pick<Tenant, "tenantId">): Tenant {
    const full: Tenant = {
      name: "Test School",
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      ...tenant,
      preferences: { ...defaultTenantPreferences, ...tenant.preferences },
    };
    this.tenants.set(full.tenantId, copy(full));
    return copy(full);
  }

  async get(tenantId: string): Promise<Tenant | undefined> {
    this.reads++;
    await tick();
    const tenant = this.tenants.get(tenantId);
    return tenant && copy(tenant);
  }

  async create(tenant: Tenant): Promise<void> {
    await tick();
    if (this.tenants.has(tenant.tenantId))
      throw new ConflictError(`Tenant ${tenant.tenantId} already exists`);
    this.tenants.set(tenant.tenantId, copy(tenant));
  }

  async replaceEarlyYears(
    tenantId: string,
    expected: EarlyYearsSettings | undefined,
    next: EarlyYearsSettings,
    now: Date,
  ): Promise<boolean> {
    await tick();
    const tenant = this.tenants.get(tenantId);
    if (!tenant || !isDeepStrictEqual(tenant.earlyYears, expected)) return false;
    this.tenants.set(tenantId, { ...tenant, earlyYears: copy(next), updatedAt: now.toISOString() });
    return true;
  }

  async update(tenantId: string, patch: TenantPatch, now: Date): Promise<Tenant> {
    await tick();
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new NotFoundError("Tenant");
    const { preferences = {}, ...fields } = patch;
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(tenant, { [k]: copy(v) });
    for (const [k, v] of Object.entries(preferences)) {
      if (v !== undefined) Object.assign(tenant.preferences, { [k]: copy(v) });
    }
    tenant.updatedAt = now.toISOString();
    return copy(tenant);
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await tick();
    const key = `${record.tenantId}|${record.hash}`;
    if (this.apiKeys.has(key)) throw conditionFailed();
    this.apiKeys.set(key, copy(record));
  }

  async findApiKey(tenantId: string, hash: string): Promise<ApiKeyRecord | undefined> {
    await tick();
    const record = this.apiKeys.get(`${tenantId}|${hash}`);
    return record && !record.revokedAt ? copy(record) : undefined;
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    await tick();
    return [...this.apiKeys.values()]
      .filter((r) => r.tenantId === tenantId && !r.revokedAt)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((r) => copy(r));
  }

  async revokeApiKey(tenantId: string, keyId: string, now: Date): Promise<boolean> {
    await tick();
    const record = [...this.apiKeys.values()].find(
      (r) => r.tenantId === tenantId && r.keyId === keyId && !r.revokedAt,
    );
    if (!record) return false;
    record.revokedAt = now.toISOString();
    return true;
  }

  async recordApiKeyUse(tenantId: string, hash: string, now: Date, notBefore: Date): Promise<void> {
    await tick();
    const record = this.apiKeys.get(`${tenantId}|${hash}`);
    if (!record || (record.lastUsedAt && Date.parse(record.lastUsedAt) >= notBefore.getTime())) return;
    record.lastUsedAt = now.toISOString();
  }
}
