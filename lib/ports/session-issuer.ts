import type { Role } from "../domain/model.js";

export type SessionClaims = { tenantId: string; userId: string; roles: Role[] };
/**
 * A verified session: its claims, its id (to sign it out alone), when it was issued (epoch ms, to compare with
 * revocations) and when it expires. The roles in the token are what they were at sign-in; only the user item decides.
 */
export type VerifiedSession = SessionClaims & { sessionId: string; issuedAt: number; expiresAt: number };

/** Short-lived signed session tokens (JWT). */
export interface SessionIssuer {
  issue(claims: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid, unexpired token; `AuthenticationError` otherwise. */
  verify(token: string, now: Date): Promise<VerifiedSession>;
  /**
   * A short-lived token that only lets the user set their own password after signing in with a temporary one
   * (bound to that temporary password's generation). It is not a session: `verify` refuses it.
   */
  issueChallenge(claims: ChallengeClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  verifyChallenge(token: string, now: Date): Promise<ChallengeClaims>;
  /** A short-lived proof that the user just entered their SSO PIN for `action` (another audience again). */
  issueStepUp(claims: StepUpClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid, unexpired step-up token, with its id (`jti`, to use it once) and expiry. */
  verifyStepUp(token: string, now: Date): Promise<VerifiedStepUp>;
}

export type StepUpClaims = { tenantId: string; userId: string; action: string };
/** A verified step-up token: its claims, its id (consumed on introspection) and when it expires. */
export type VerifiedStepUp = StepUpClaims & { tokenId: string; expiresAt: Date };

export type ChallengeClaims = { tenantId: string; userId: string; generation: string };
