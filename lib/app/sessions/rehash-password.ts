import type { Deps } from "../deps.js";

/**
 * After a password passed: when its hash was keyed with a pepper that is no longer current (a rotation), hash it
 * again under the current one, now that the password is known. Conditional on the hash read, so a password changed
 * meanwhile is never overwritten. Costs one hash, once per account and rotation.
 */
export async function rehashIfStale(
  deps: Pick<Deps, "credentials" | "hasher">,
  owner: { tenantId: string; userId: string },
  storedHash: string,
  password: string,
): Promise<void> {
  if (!(await deps.hasher.needsRehash(storedHash))) return;
  const rehashed = await deps.hasher.hash(password);
  await deps.credentials.rehashPassword(owner.tenantId, owner.userId, storedHash, rehashed);
}
