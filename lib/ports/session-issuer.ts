import type { AuthMethod, Owner } from "../domain/identity.js";
import type { Role } from "../domain/model.js";

export type SessionClaims = {
  tenantId: string;
  userId: string;
  roles: Role[];
  /** A Latchkey ID session: the identity (normalised email) that signed in. Switching school keeps it. */
  identity?: string;
  /** How the person authenticated (`pwd`, and `otp` or `recovery` with a second factor); absent: `pwd` only. */
  amr?: AuthMethod[];
  /** When the person last proved their password (epoch ms); switching keeps it. Absent: the issue time. */
  authTime?: number;
};
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
  /**
   * A short-lived token (5 minutes) that only lets the person answer the second-factor step of a sign-in whose
   * password was right (`MFA_REQUIRED`): it names the session to issue and the owner whose authenticator answers.
   */
  issueMfaChallenge(claims: MfaChallengeClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  verifyMfaChallenge(token: string, now: Date): Promise<VerifiedMfaChallenge>;
  /** A short-lived proof that the user just entered their SSO PIN for `action` (another audience again). */
  issueStepUp(claims: StepUpClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid, unexpired step-up token, with its id (`jti`, to use it once) and expiry. */
  verifyStepUp(token: string, now: Date): Promise<VerifiedStepUp>;
}

export type StepUpClaims = { tenantId: string; userId: string; action: string };
/** A verified step-up token: its claims, its id (consumed on introspection) and when it expires. */
export type VerifiedStepUp = StepUpClaims & { tokenId: string; expiresAt: Date };

export type ChallengeClaims = { tenantId: string; userId: string; generation: string };

/** The second-factor step of a sign-in: the session it leads to (without `amr`) and whose authenticator answers. */
export type MfaChallengeClaims = {
  session: Omit<SessionClaims, "amr">;
  owner: Owner;
};

/** A verified MFA challenge: its claims and when it was issued (epoch ms, to compare with revocations since). */
export type VerifiedMfaChallenge = MfaChallengeClaims & { issuedAt: number };
