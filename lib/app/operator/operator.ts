import { randomUUID } from "node:crypto";
import { newApiKey, tenantIdPattern } from "../../domain/api-key.js";
import { ValidationError } from "../../domain/errors.js";
import {
  defaultTenantPreferences,
  type Role,
  type TenantPreferences,
  type User,
} from "../../domain/model.js";
import { assertAcceptablePassword, normalisePassword } from "../../domain/password-rules.js";
import type { Deps } from "../deps.js";

/**
 * Platform-operator actions (the operator CLI, never the public API): create tenants, issue API keys and create a
 * tenant's first admin account.
 */
export async function createTenant(
  deps: Pick<Deps, "tenants" | "clock">,
  input: {
    tenantId: string;
    name: string;
    environmentName?: string;
    /** Preferences other than the defaults (e.g. `twoFactorRoles`). */
    preferences?: Partial<TenantPreferences>;
  },
) {
  if (!tenantIdPattern.test(input.tenantId)) {
    throw new ValidationError("Tenant ids are 3–40 lower-case letters, digits and hyphens.", [
      { pointer: "/tenantId", detail: "invalid tenant id" },
    ]);
  }
  const at = deps.clock.now().toISOString();
  const tenant = {
    tenantId: input.tenantId,
    name: input.name,
    environmentName: input.environmentName,
    preferences: { ...defaultTenantPreferences, ...input.preferences },
    createdAt: at,
    updatedAt: at,
  };
  await deps.tenants.create(tenant);
  return tenant;
}

/** Issues an API key; the plain key is returned once and only its SHA-256 is stored. */
export async function createApiKey(
  deps: Pick<Deps, "tenants" | "clock">,
  input: { tenantId: string; name: string },
) {
  const { key, hash } = newApiKey(input.tenantId);
  const keyId = randomUUID();
  await deps.tenants.putApiKey({
    tenantId: input.tenantId,
    keyId,
    hash,
    name: input.name,
    createdAt: deps.clock.now().toISOString(),
  });
  return { keyId, apiKey: key };
}

/** Creates a user with a chosen password (e.g. a tenant's first site admin). */
export async function createUserWithPassword(
  deps: Pick<Deps, "users" | "credentials" | "hasher" | "clock">,
  input: Pick<User, "tenantId" | "username" | "forename" | "surname" | "userType"> &
    Partial<Pick<User, "email" | "emailVerified" | "dateOfBirth" | "externalId">> & {
      roles: Role[];
      password: string;
      /** Pre-computed hash of `password` (seeding many users with one password). */
      passwordHash?: string;
    },
) {
  assertAcceptablePassword(input.password, "password", { username: input.username });
  const now = deps.clock.now();
  const user: User = {
    tenantId: input.tenantId,
    userId: randomUUID(),
    externalId: input.externalId,
    username: input.username,
    forename: input.forename,
    surname: input.surname,
    email: input.email,
    emailVerified: input.emailVerified ?? false,
    dateOfBirth: input.dateOfBirth,
    userType: input.userType,
    roles: input.roles,
    permissions: [],
    profiles: [],
    companyExceptions: [],
    status: "active",
    // The password is the operator's choice for this person, not a temporary one: the account is claimed.
    claimedAt: now.toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.users.create(user);
  const hash = input.passwordHash ?? (await deps.hasher.hash(normalisePassword(input.password)));
  await deps.credentials.setPassword(user.tenantId, user.userId, hash, now);
  return user;
}
