/** Records for seeding the fakes: complete and valid, with only what a test cares about given. */
import type { Role, User } from "../../lib/domain/model.js";
import type { Principal } from "../../lib/domain/permissions.js";
import {
  expiryFor,
  type TemporaryCredential,
  temporaryPasswordAad,
} from "../../lib/domain/temporary-password.js";
import { fakeHashOf } from "./hasher.js";
import type { FakeDeps } from "./index.js";

let serial = 0;

/** A fresh id: module-level caches keyed by tenant (step-up actions, policies) never carry over between tests. */
export const uniqueId = (prefix: string) => `${prefix}-${++serial}`;

/** An active, unclaimed user; `claimedAt` given: one who set their own password. */
export function aUser(fields: Partial<User> & Pick<User, "tenantId">): User {
  const userId = fields.userId ?? uniqueId("user");
  return {
    userId,
    username: `${userId}.name`,
    forename: "Ada",
    surname: "Lovelace",
    emailVerified: false,
    userType: "staff",
    roles: ["staff"],
    permissions: [],
    profiles: [],
    companyExceptions: [],
    status: "active",
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    version: 1,
    ...fields,
  };
}

/** A signed-in user's principal. */
export const userPrincipal = (tenantId: string, userId: string, roles: Role[]): Principal => ({
  kind: "user",
  tenantId,
  userId,
  roles,
});

/** A tenant system's API-key principal. */
export const apiKeyPrincipal = (tenantId: string): Principal => ({
  kind: "api-key",
  tenantId,
  keyId: "key-1",
});

/** Seals and stores a temporary password for a user, as a regeneration or an admin's reset would. */
export async function giveTemporaryPassword(
  deps: Pick<FakeDeps, "clock" | "secretBox" | "temporaryPasswords">,
  tenantId: string,
  userId: string,
  secret: string,
  generation = uniqueId("generation"),
): Promise<TemporaryCredential> {
  const now = deps.clock.now();
  const credential: TemporaryCredential = {
    tenantId,
    userId,
    generation,
    sealed: await deps.secretBox.seal(secret, temporaryPasswordAad(tenantId, userId, generation)),
    generatedAt: now.toISOString(),
    generatedBy: "user:admin",
    expiresAt: expiryFor(now),
  };
  await deps.temporaryPasswords.putMany([credential]);
  return credential;
}

/** Stores a user's own password (hashed as the fake hasher would), with fresh counters. */
export function givePassword(
  deps: Pick<FakeDeps, "credentialItems">,
  tenantId: string,
  userId: string,
  secret: string,
) {
  deps.credentialItems.put("password", tenantId, userId, {
    hash: fakeHashOf(secret),
    changedAt: "2025-02-01T00:00:00.000Z",
    failures: 0,
    lockouts: 0,
  });
}
