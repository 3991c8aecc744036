import { randomUUID } from "node:crypto";
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import { AuthenticationError, SessionExpiredError } from "../../domain/errors.js";
import { identityScope } from "../../domain/identity.js";
import { currentKey, legacyKeyId } from "../../domain/key-ring.js";
import { roles } from "../../domain/model.js";
import type { SecretSource } from "../../ports/secret-source.js";
import type {
  ChallengeClaims,
  MfaChallengeClaims,
  SessionClaims,
  SessionIssuer,
  StepUpClaims,
  VerifiedMfaChallenge,
  VerifiedSession,
  VerifiedStepUp,
} from "../../ports/session-issuer.js";

const issuer = "latchkey";
/**
 * Each kind of token has its own audience, so none is accepted as another: a challenge is not a session, a session
 * is not a step-up proof.
 */
const audiences = {
  session: "latchkey-api",
  challenge: "latchkey-new-password",
  mfa: "latchkey-mfa",
  stepUp: "latchkey-step-up",
} as const;
const challengeSeconds = 600;
const mfaSeconds = 300;
const amrSchema = z.array(z.enum(["pwd", "otp", "recovery"]));
const stepUpSeconds = 300;
const claimsSchema = z.object({
  sub: z.string(),
  tid: z.string(),
  roles: z.array(z.enum(roles)),
  iat: z.number(),
  exp: z.number(),
  /** The session's id: signing out revokes this one session. */
  jti: z.string().min(1),
  /** Issued-at in milliseconds: a session issued just after a revocation, in the same second, stays valid. */
  iam: z.number().optional(),
  /** A Latchkey ID session's identity (normalised email). */
  idn: z.string().optional(),
  amr: amrSchema.optional(),
  /** When the password was proved, in milliseconds. */
  atm: z.number().optional(),
});
const mfaSchema = z.object({
  sub: z.string(),
  tid: z.string(),
  roles: z.array(z.enum(roles)),
  idn: z.string().optional(),
  atm: z.number().optional(),
  /** The owner whose authenticator answers: the account itself (absent), or the identity of this email. */
  own: z.string().optional(),
  /** Issued-at in milliseconds (a revocation in the same second must still count). */
  iam: z.number(),
});
const challengeSchema = z.object({ sub: z.string(), tid: z.string(), gen: z.string() });
/** A step-up token carries an id (`jti`): introspection consumes it, so each proof is used once. */
const stepUpSchema = z.object({
  sub: z.string(),
  tid: z.string(),
  act: z.string(),
  jti: z.string().min(1),
  exp: z.number(),
});

/**
 * HS256 JWTs (sessions, new-password challenges, step-up proofs) signed with the current session key, its id in the
 * header (`kid`); verified with the key that id names while it is still in the ring, so a rotation signs no one out.
 */
export class JwtSessionIssuer implements SessionIssuer {
  constructor(
    private readonly secrets: SecretSource,
    private readonly ttlSeconds: number,
  ) {}

  issue(claims: SessionClaims, now: Date) {
    return this.sign(
      "session",
      claims.userId,
      {
        tid: claims.tenantId,
        roles: claims.roles,
        iam: now.getTime(),
        jti: randomUUID(),
        ...(claims.identity && { idn: claims.identity }),
        ...(claims.amr && { amr: claims.amr }),
        ...(claims.authTime !== undefined && { atm: claims.authTime }),
      },
      this.ttlSeconds,
      now,
    );
  }

  async verify(token: string, now: Date): Promise<VerifiedSession> {
    const claims = await this.read(token, "session", claimsSchema, now);
    return {
      tenantId: claims.tid,
      userId: claims.sub,
      roles: claims.roles,
      sessionId: claims.jti,
      issuedAt: claims.iam ?? claims.iat * 1000,
      expiresAt: claims.exp * 1000,
      ...(claims.idn && { identity: claims.idn }),
      ...(claims.amr && { amr: claims.amr }),
      ...(claims.atm !== undefined && { authTime: claims.atm }),
    };
  }

  async issueMfaChallenge(claims: MfaChallengeClaims, now: Date) {
    const { session, owner } = claims;
    const isIdentity = owner.tenantId === identityScope;
    if (!isIdentity && (owner.tenantId !== session.tenantId || owner.userId !== session.userId)) {
      throw new Error("An MFA challenge's owner must be the session's account or an identity");
    }
    return this.sign(
      "mfa",
      session.userId,
      {
        tid: session.tenantId,
        roles: session.roles,
        ...(session.identity && { idn: session.identity }),
        ...(session.authTime !== undefined && { atm: session.authTime }),
        ...(isIdentity && { own: owner.userId }),
        iam: now.getTime(),
      },
      mfaSeconds,
      now,
    );
  }

  async verifyMfaChallenge(token: string, now: Date): Promise<VerifiedMfaChallenge> {
    const claims = await this.read(token, "mfa", mfaSchema, now);
    const session = {
      tenantId: claims.tid,
      userId: claims.sub,
      roles: claims.roles,
      ...(claims.idn && { identity: claims.idn }),
      ...(claims.atm !== undefined && { authTime: claims.atm }),
    };
    const owner = claims.own
      ? { tenantId: identityScope, userId: claims.own }
      : { tenantId: claims.tid, userId: claims.sub };
    return { session, owner, issuedAt: claims.iam };
  }

  issueChallenge(claims: ChallengeClaims, now: Date) {
    return this.sign(
      "challenge",
      claims.userId,
      { tid: claims.tenantId, gen: claims.generation },
      challengeSeconds,
      now,
    );
  }

  async verifyChallenge(token: string, now: Date): Promise<ChallengeClaims> {
    const claims = await this.read(token, "challenge", challengeSchema, now);
    return { tenantId: claims.tid, userId: claims.sub, generation: claims.gen };
  }

  issueStepUp(claims: StepUpClaims, now: Date) {
    return this.sign(
      "stepUp",
      claims.userId,
      { tid: claims.tenantId, act: claims.action, jti: randomUUID() },
      stepUpSeconds,
      now,
    );
  }

  async verifyStepUp(token: string, now: Date): Promise<VerifiedStepUp> {
    const claims = await this.read(token, "stepUp", stepUpSchema, now);
    return {
      tenantId: claims.tid,
      userId: claims.sub,
      action: claims.act,
      tokenId: claims.jti,
      expiresAt: new Date(claims.exp * 1000),
    };
  }

  private async sign(
    kind: keyof typeof audiences,
    subject: string,
    payload: JWTPayload,
    ttlSeconds: number,
    now: Date,
  ) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + ttlSeconds;
    const ring = await this.secrets.sessionKey();
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: ring.current })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audiences[kind])
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(currentKey(ring));
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * The token's claims when it is valid, unexpired and of this kind; `AuthenticationError` otherwise
   * (`SessionExpiredError` for a genuine session past its expiry).
   */
  private async read<T extends z.ZodType>(
    token: string,
    kind: keyof typeof audiences,
    schema: T,
    now: Date,
  ): Promise<z.output<T>> {
    try {
      // The key the header's `kid` names (a token from before key ids has none: the legacy key). An id the cached
      // ring lacks reads the ring again once (a rotation another environment saw first); one still not listed fails
      // closed, as a bad signature does.
      const keyFor = async ({ kid }: { kid?: string }) => {
        const id = kid ?? legacyKeyId;
        const key =
          (await this.secrets.sessionKey()).keys.get(id) ??
          (await this.secrets.sessionKey({ fresh: true })).keys.get(id);
        if (!key) throw new errors.JWSSignatureVerificationFailed("unknown key id");
        return key;
      };
      const { payload } = await jwtVerify(token, keyFor, {
        issuer,
        audience: audiences[kind],
        algorithms: ["HS256"],
        currentDate: now,
      });
      return schema.parse(payload);
    } catch (error) {
      // jose checks the signature before the claims: only a genuine session is ever called expired.
      if (kind === "session" && error instanceof errors.JWTExpired) throw new SessionExpiredError();
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new AuthenticationError();
      throw error;
    }
  }
}
