import {
  apiKeyLastUseDue,
  apiKeyLastUsedEveryMs,
  apiKeyUnexpired,
  parseApiKey,
} from "../../domain/api-key.js";
import { AmbiguousCredentialsError, AuthenticationError, InvalidTokenError } from "../../domain/errors.js";
import { hasSecondFactor } from "../../domain/identity.js";
import type { Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { gateRoles } from "./two-factor-roles.js";

/** The verified caller, and what to record once its request was served. */
export type Authenticated = { principal: Principal; served: () => Promise<void> };

/**
 * Turns a presented credential into a verified principal.
 * 1. An API key is parsed, hashed and looked up within its tenant; a revoked or expired key fails. `served` records
 *    its last use (at most once a minute), called once the request was served: a refused request writes nothing.
 * 2. A session token's signature, issuer, audience and expiry are verified; then one strongly consistent read of
 *    the user's current state decides: the user must exist and be `active`, the session must have been issued after
 *    the user's sessions were last revoked and not have been signed out, and the roles are the user's roles now
 *    (never the ones in the token) — so a removed role, a disabled user or a sign-out counts on the next request.
 *    A session without a second factor gets basic access: the roles its tenant reserves for two factors are
 *    withheld (`gateRoles`, the tenant's setting read through a one-minute cache).
 * 3. Anything else is an `AuthenticationError`, with no hint of which check failed; a presented session that fails
 *    is an `InvalidTokenError` (`SessionExpiredError` when it is genuine but past its expiry).
 * Both an API key and a bearer token at once is an `AmbiguousCredentialsError`, before either is looked at.
 */
export async function authenticate(
  deps: Pick<Deps, "tenants" | "sessions" | "sessionRevocations" | "clock">,
  /** `bearer` is "" when an `Authorization` header is present but is not a Bearer token. */
  credential: { apiKey?: string; bearer?: string },
): Promise<Authenticated> {
  if (credential.apiKey !== undefined && credential.bearer !== undefined)
    throw new AmbiguousCredentialsError();
  const now = deps.clock.now();
  if (credential.apiKey) {
    const parsed = parseApiKey(credential.apiKey);
    const record = parsed && (await deps.tenants.findApiKey(parsed.tenantId, parsed.hash));
    if (!record || !apiKeyUnexpired(record, now)) throw new AuthenticationError();
    const served = async () => {
      if (!apiKeyLastUseDue(record, now)) return;
      const notBefore = new Date(now.getTime() - apiKeyLastUsedEveryMs);
      await deps.tenants.recordApiKeyUse(record.tenantId, record.hash, now, notBefore);
    };
    return { principal: { kind: "api-key", tenantId: record.tenantId, keyId: record.keyId }, served };
  }
  if (credential.bearer) {
    const claims = await deps.sessions.verify(credential.bearer, now).catch((error: unknown) => {
      throw error instanceof AuthenticationError && !(error instanceof InvalidTokenError)
        ? new InvalidTokenError()
        : error;
    });
    const state = await deps.sessionRevocations.state(
      claims.tenantId,
      claims.userId,
      claims.sessionId,
      claims.identity,
    );
    const authTime = claims.authTime ?? claims.issuedAt;
    const revoked =
      (state.revokedBefore !== undefined && claims.issuedAt < state.revokedBefore) ||
      (state.identityRevokedBefore !== undefined && authTime < state.identityRevokedBefore);
    if (state.user?.status !== "active" || revoked || state.signedOut) throw new InvalidTokenError();
    const secondFactor = hasSecondFactor(claims.amr);
    return {
      principal: {
        kind: "user",
        tenantId: claims.tenantId,
        userId: claims.userId,
        ...(await gateRoles(deps, claims.tenantId, state.user.roles, secondFactor)),
        session: {
          sessionId: claims.sessionId,
          expiresAt: claims.expiresAt,
          amr: claims.amr ?? ["pwd"],
          authTime: claims.authTime ?? claims.issuedAt,
        },
        ...(claims.identity && { identity: claims.identity }),
        secondFactor,
      },
      served: async () => undefined,
    };
  }
  throw new AuthenticationError();
}
