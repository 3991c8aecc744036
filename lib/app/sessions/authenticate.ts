import { parseApiKey } from "../../domain/api-key.js";
import { AuthenticationError } from "../../domain/errors.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";

/**
 * Turns a presented credential into a verified principal.
 * 1. An API key is parsed, hashed and looked up within its tenant.
 * 2. A session token's signature, issuer, audience and expiry are verified, and it must have been issued after the
 *    user's sessions were last revoked (a password reset ends every session).
 * 3. Anything else is an `AuthenticationError`, with no hint of which check failed.
 */
export async function authenticate(
  deps: Pick<Deps, "tenants" | "sessions" | "sessionRevocations" | "clock">,
  credential: { apiKey?: string; bearer?: string },
): Promise<Principal> {
  if (credential.apiKey) {
    const parsed = parseApiKey(credential.apiKey);
    const record = parsed && (await deps.tenants.findApiKey(parsed.tenantId, parsed.hash));
    if (!record) throw new AuthenticationError();
    return { kind: "api-key", tenantId: record.tenantId, keyId: record.keyId };
  }
  if (credential.bearer) {
    const claims = await deps.sessions.verify(credential.bearer, deps.clock.now());
    const revokedBefore = await deps.sessionRevocations.revokedBefore(claims.tenantId, claims.userId);
    if (revokedBefore !== undefined && claims.issuedAt < revokedBefore) throw new AuthenticationError();
    return { kind: "user", tenantId: claims.tenantId, userId: claims.userId, roles: claims.roles };
  }
  throw new AuthenticationError();
}
