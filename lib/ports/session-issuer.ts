import type { Role } from "../domain/model.js";

export type SessionClaims = { tenantId: string; userId: string; roles: Role[] };

/** Short-lived signed session tokens (JWT). */
export interface SessionIssuer {
  issue(claims: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid, unexpired token; `AuthenticationError` otherwise. */
  verify(token: string, now: Date): Promise<SessionClaims>;
}
