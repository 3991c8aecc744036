import { randomUUID } from "node:crypto";
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import { AuthenticationError } from "../../domain/errors.js";
import { roles } from "../../domain/model.js";
import type { SecretSource } from "../../ports/secret-source.js";
import type {
  ChallengeClaims,
  SessionClaims,
  SessionIssuer,
  StepUpClaims,
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
  stepUp: "latchkey-step-up",
} as const;
const challengeSeconds = 600;
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

/** HS256 JWTs (sessions, new-password challenges, step-up proofs) signed with the key from the secret source. */
export class JwtSessionIssuer implements SessionIssuer {
  constructor(
    private readonly secrets: SecretSource,
    private readonly ttlSeconds: number,
  ) {}

  issue(claims: SessionClaims, now: Date) {
    return this.sign(
      "session",
      claims.userId,
      { tid: claims.tenantId, roles: claims.roles, iam: now.getTime(), jti: randomUUID() },
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
    };
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
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(audiences[kind])
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.secrets.sessionKey());
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The token's claims when it is valid, unexpired and of this kind; `AuthenticationError` otherwise. */
  private async read<T extends z.ZodType>(
    token: string,
    kind: keyof typeof audiences,
    schema: T,
    now: Date,
  ): Promise<z.output<T>> {
    try {
      const { payload } = await jwtVerify(token, await this.secrets.sessionKey(), {
        issuer,
        audience: audiences[kind],
        algorithms: ["HS256"],
        currentDate: now,
      });
      return schema.parse(payload);
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new AuthenticationError();
      throw error;
    }
  }
}
