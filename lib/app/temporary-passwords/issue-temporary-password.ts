import { randomUUID } from "node:crypto";
import type { Tenant, User } from "../../domain/model.js";
import { generatePassword, policyFor } from "../../domain/password-policy.js";
import {
  expiryFor,
  type TemporaryCredential,
  temporaryPasswordAad,
} from "../../domain/temporary-password.js";
import type { Deps } from "../deps.js";

/**
 * A new temporary password for one user, under the tenant's policy for their type: sealed (bound to tenant, user and
 * generation) and stored, replacing any earlier one; a user who had their own password loses it and is unclaimed
 * again. The step an admin's individual reset and a PIN-code sign-up share; callers authorise and audit. The user
 * signs in with it and must then set their own password (`signIn` → `completeNewPassword`).
 */
export async function issueTemporaryPassword(
  deps: Pick<Deps, "temporaryPasswords" | "secretBox">,
  tenant: Pick<Tenant, "passwordPolicies"> | undefined,
  user: Pick<User, "tenantId" | "userId" | "userType">,
  actor: string,
  now: Date,
) {
  const { tenantId, userId } = user;
  const generation = randomUUID();
  const password = generatePassword(policyFor(tenant?.passwordPolicies ?? {}, user.userType));
  const credential: TemporaryCredential = {
    tenantId,
    userId,
    generation,
    sealed: await deps.secretBox.seal(password, temporaryPasswordAad(tenantId, userId, generation)),
    generatedAt: now.toISOString(),
    generatedBy: actor,
    expiresAt: expiryFor(now),
  };
  await deps.temporaryPasswords.reset(credential);
  return { password, credential };
}
