import { randomUUID } from "node:crypto";
import { AuthenticationError, SessionExpiredError } from "../../lib/domain/errors.js";
import type {
  ChallengeClaims,
  MfaChallengeClaims,
  SessionClaims,
  SessionIssuer,
  StepUpClaims,
  VerifiedMfaChallenge,
  VerifiedSession,
  VerifiedStepUp,
} from "../../lib/ports/session-issuer.js";
import { copy, tick } from "./support.js";

/** Lifetimes of the three token kinds (as the JWT issuer's defaults: short sessions, shorter challenges). */
const lifetimes = {
  session: 15 * 60_000,
  challenge: 10 * 60_000,
  mfa: 5 * 60_000,
  "step-up": 5 * 60_000,
} as const;
type Audience = keyof typeof lifetimes;

/**
 * Opaque tokens remembered in memory, with the contract the use cases rely on: each kind verifies only as itself
 * (a challenge is not a session), and not after it expires (by the `now` passed in).
 */
export class FakeSessionIssuer implements SessionIssuer {
  private readonly tokens = new Map<
    string,
    { audience: Audience; claims: unknown; issuedAt: number; expiresAt: number }
  >();

  private async issueAs(audience: Audience, claims: unknown, now: Date) {
    await tick();
    const token = `${audience}.${randomUUID()}`;
    const expiresAt = now.getTime() + lifetimes[audience];
    this.tokens.set(token, { audience, claims: copy(claims), issuedAt: now.getTime(), expiresAt });
    return { token, expiresAt: new Date(expiresAt) };
  }

  private async verifyAs(audience: Audience, token: string, now: Date) {
    await tick();
    const entry = this.tokens.get(token);
    if (!entry || entry.audience !== audience) throw new AuthenticationError();
    // As the JWT adapter: only a genuine session is called expired.
    if (entry.expiresAt <= now.getTime())
      throw audience === "session" ? new SessionExpiredError() : new AuthenticationError();
    return entry;
  }

  issue(claims: SessionClaims, now: Date) {
    return this.issueAs("session", claims, now);
  }

  async verify(token: string, now: Date): Promise<VerifiedSession> {
    const entry = await this.verifyAs("session", token, now);
    return {
      ...(copy(entry.claims) as SessionClaims),
      sessionId: token,
      issuedAt: entry.issuedAt,
      expiresAt: entry.expiresAt,
    };
  }

  issueChallenge(claims: ChallengeClaims, now: Date) {
    return this.issueAs("challenge", claims, now);
  }

  async verifyChallenge(token: string, now: Date): Promise<ChallengeClaims> {
    return copy((await this.verifyAs("challenge", token, now)).claims) as ChallengeClaims;
  }

  issueMfaChallenge(claims: MfaChallengeClaims, now: Date) {
    return this.issueAs("mfa", claims, now);
  }

  async verifyMfaChallenge(token: string, now: Date): Promise<VerifiedMfaChallenge> {
    const entry = await this.verifyAs("mfa", token, now);
    return { ...(copy(entry.claims) as MfaChallengeClaims), issuedAt: entry.issuedAt };
  }

  issueStepUp(claims: StepUpClaims, now: Date) {
    return this.issueAs("step-up", claims, now);
  }

  async verifyStepUp(token: string, now: Date): Promise<VerifiedStepUp> {
    const entry = await this.verifyAs("step-up", token, now);
    return { ...(copy(entry.claims) as StepUpClaims), tokenId: token, expiresAt: new Date(entry.expiresAt) };
  }
}
