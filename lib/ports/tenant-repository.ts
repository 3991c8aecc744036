import type { Tenant, TenantPreferences } from "../domain/model.js";
import type { PasswordPolicies } from "../domain/password-policy.js";
import type { EarlyYearsSettings } from "../domain/pupil-pin.js";

/** Tenants and their API keys. */
export interface TenantRepository {
  get(tenantId: string): Promise<Tenant | undefined>;
  /** Fails with `ConflictError` when the id is taken. */
  create(tenant: Tenant): Promise<void>;
  /** Sets the given fields; preferences are merged key by key, so concurrent changes to different keys both hold. */
  update(tenantId: string, patch: TenantPatch, now: Date): Promise<Tenant>;
  /**
   * Replaces the early-years settings only if they are still `expected` (undefined: never set), so a settings change
   * and a headteacher's acceptance at once cannot mix; false (nothing written) when they changed meanwhile.
   */
  replaceEarlyYears(
    tenantId: string,
    expected: EarlyYearsSettings | undefined,
    next: EarlyYearsSettings,
    now: Date,
  ): Promise<boolean>;
  putApiKey(record: ApiKeyRecord): Promise<void>;
  /** The key whose SHA-256 is `hash`, if it exists and is not revoked (expiry is the caller's to check). */
  findApiKey(tenantId: string, hash: string): Promise<ApiKeyRecord | undefined>;
  /** The tenant's keys that are not revoked, oldest first. */
  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Revokes the key with this id; false when the tenant has no such (unrevoked) key. */
  revokeApiKey(tenantId: string, keyId: string, now: Date): Promise<boolean>;
  /** Records a use of the key at `now`, unless one at or after `notBefore` is already recorded (throttled). */
  recordApiKeyUse(tenantId: string, hash: string, now: Date, notBefore: Date): Promise<void>;
}

export type TenantPatch = {
  name?: string;
  environmentName?: string;
  senderAddress?: string;
  timeZone?: string;
  preferences?: Partial<TenantPreferences>;
  /** Replaces the whole map. */
  passwordPolicies?: PasswordPolicies;
  /** Replaces the whole settings object. */
  earlyYears?: EarlyYearsSettings;
  hasClassTeacherLinks?: boolean;
};

export type ApiKeyRecord = {
  tenantId: string;
  keyId: string;
  hash: string;
  name: string;
  createdAt: string;
  /** `user:<id>` of the site admin who created it; absent for keys the operator CLI issued. */
  createdBy?: string;
  /** When the key stops working (ISO); absent: until revoked. */
  expiresAt?: string;
  /** The last use, recorded at most once a minute. */
  lastUsedAt?: string;
  revokedAt?: string;
};
