import { errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { AuthenticationError } from "../../domain/errors.js";
import { roles } from "../../domain/model.js";
import type { SecretSource } from "../../ports/secret-source.js";
import type {
  ChallengeClaims,
  SessionClaims,
  SessionIssuer,
  StepUpClaims,
} from "../../ports/session-issuer.js";

const issuer = "latchkey";
const audience = "latchkey-api";
const claimsSchema = z.object({ sub: z.string(), tid: z.string(), roles: z.array(z.enum(roles)) });
/** A different audience: a challenge token is never accepted as a session, nor a session as a challenge. */
const challengeAudience = "latchkey-new-password";
const challengeSeconds = 600;
const challengeSchema = z.object({ sub: z.string(), tid: z.string(), gen: z.string() });
const stepUpAudience = "latchkey-step-up";
const stepUpSeconds = 300;
const stepUpSchema = z.object({ sub: z.string(), tid: z.string(), act: z.string() });

/** HS256 session JWTs signed with the key from the secret source. */
export class JwtSessionIssuer implements SessionIssuer {
  constructor(
    private readonly secrets: SecretSource,
    private readonly ttlSeconds: number,
  ) {}

  async issue(claims: SessionClaims, now: Date) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ tid: claims.tenantId, roles: claims.roles })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.secrets.sessionKey());
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now: Date): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.secrets.sessionKey(), {
        issuer,
        audience,
        algorithms: ["HS256"],
        currentDate: now,
      });
      const claims = claimsSchema.parse(payload);
      return { tenantId: claims.tid, userId: claims.sub, roles: claims.roles };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new AuthenticationError();
      throw error;
    }
  }

  async issueChallenge(claims: ChallengeClaims, now: Date) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + challengeSeconds;
    const token = await new SignJWT({ tid: claims.tenantId, gen: claims.generation })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(challengeAudience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.secrets.sessionKey());
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verifyChallenge(token: string, now: Date): Promise<ChallengeClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.secrets.sessionKey(), {
        issuer,
        audience: challengeAudience,
        algorithms: ["HS256"],
        currentDate: now,
      });
      const claims = challengeSchema.parse(payload);
      return { tenantId: claims.tid, userId: claims.sub, generation: claims.gen };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new AuthenticationError();
      throw error;
    }
  }

  async issueStepUp(claims: StepUpClaims, now: Date) {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + stepUpSeconds;
    const token = await new SignJWT({ tid: claims.tenantId, act: claims.action })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuer(issuer)
      .setAudience(stepUpAudience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(await this.secrets.sessionKey());
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verifyStepUp(token: string, now: Date): Promise<StepUpClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.secrets.sessionKey(), {
        issuer,
        audience: stepUpAudience,
        algorithms: ["HS256"],
        currentDate: now,
      });
      const claims = stepUpSchema.parse(payload);
      return { tenantId: claims.tid, userId: claims.sub, action: claims.act };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof z.ZodError) throw new AuthenticationError();
      throw error;
    }
  }
}
