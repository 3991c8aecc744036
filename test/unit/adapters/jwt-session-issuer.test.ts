import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { JwtSessionIssuer } from "../../../lib/adapters/crypto/jwt-session-issuer.js";
import { AuthenticationError, SessionExpiredError } from "../../../lib/domain/errors.js";
import { singleKeyRing } from "../../../lib/domain/key-ring.js";
import type { SecretSource } from "../../../lib/ports/secret-source.js";
import type { SessionClaims } from "../../../lib/ports/session-issuer.js";

const keyA = new Uint8Array(32).fill(7);
const keyB = new Uint8Array(32).fill(9);
const secretsWith = (key: Uint8Array): SecretSource => ({
  pepper: async () => singleKeyRing(Buffer.alloc(32)),
  sessionKey: async () => singleKeyRing(key),
});

const ttlSeconds = 900;
const issuer = new JwtSessionIssuer(secretsWith(keyA), ttlSeconds);
const claims: SessionClaims = { tenantId: "acme", userId: "u-1", roles: ["site-admin", "staff"] };
const now = new Date("2025-03-01T09:00:00.000Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

const segments = (token: string) => token.split(".") as [string, string, string];
const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("JwtSessionIssuer", () => {
  it("verifies its own token and returns the same claims, with when it was issued to the millisecond", async () => {
    const issuedAt = new Date(now.getTime() + 123);
    const { token, expiresAt } = await issuer.issue(claims, issuedAt);
    await expect(issuer.verify(token, later(1))).resolves.toEqual({
      ...claims,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      issuedAt: issuedAt.getTime(),
      expiresAt: expiresAt.getTime(),
    });
  });

  it("gives every session its own id (jti), so one can be signed out alone", async () => {
    const first = await issuer.verify((await issuer.issue(claims, now)).token, later(1));
    const second = await issuer.verify((await issuer.issue(claims, now)).token, later(1));
    expect(first.sessionId).not.toBe(second.sessionId);
  });

  it("expires the token ttlSeconds after issue", async () => {
    const { expiresAt } = await issuer.issue(claims, now);
    expect(expiresAt.toISOString()).toBe("2025-03-01T09:15:00.000Z");
  });

  it("accepts the token just before it expires", async () => {
    const { token } = await issuer.issue(claims, now);
    await expect(issuer.verify(token, later(ttlSeconds - 1))).resolves.toMatchObject(claims);
  });

  it("refuses the token with AuthenticationError once it has expired", async () => {
    const { token, expiresAt } = await issuer.issue(claims, now);
    await expect(issuer.verify(token, new Date(expiresAt.getTime() + 1000))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("calls an expired session expired only when its signature is genuine, and no other kind of token", async () => {
    const { token, expiresAt } = await issuer.issue(claims, now);
    const after = new Date(expiresAt.getTime() + 1000);
    await expect(issuer.verify(token, after)).rejects.toBeInstanceOf(SessionExpiredError);
    const forged = await new JwtSessionIssuer(secretsWith(keyB), ttlSeconds).issue(claims, now);
    await expect(issuer.verify(forged.token, after)).rejects.not.toBeInstanceOf(SessionExpiredError);
    const challenge = await issuer.issueChallenge({ tenantId: "acme", userId: "u-1", generation: "g1" }, now);
    const rejection = issuer.verifyChallenge(challenge.token, later(3600));
    await expect(rejection).rejects.toBeInstanceOf(AuthenticationError);
    await expect(rejection).rejects.not.toBeInstanceOf(SessionExpiredError);
  });

  it("refuses a token signed with another key", async () => {
    const { token } = await new JwtSessionIssuer(secretsWith(keyB), ttlSeconds).issue(claims, now);
    await expect(issuer.verify(token, later(1))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses a token whose payload was changed after signing", async () => {
    const { token } = await issuer.issue(claims, now);
    const [header, payload, signature] = segments(token);
    const escalated = encodePart({ ...decodePart(payload), tid: "other-school" });
    await expect(issuer.verify(`${header}.${escalated}.${signature}`, later(1))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("refuses an unsigned token that claims alg none", async () => {
    const { token } = await issuer.issue(claims, now);
    const [, payload] = segments(token);
    const unsigned = `${encodePart({ alg: "none", typ: "JWT" })}.${payload}.`;
    await expect(issuer.verify(unsigned, later(1))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses garbage", async () => {
    await expect(issuer.verify("not.a.jwt", now)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(issuer.verify("", now)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses a correctly signed token for another audience", async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ tid: "acme", roles: ["staff"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u-1")
      .setIssuer("latchkey")
      .setAudience("someone-else")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(keyA);
    await expect(issuer.verify(token, later(1))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("refuses a correctly signed token whose roles are not known roles", async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ tid: "acme", roles: ["root"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u-1")
      .setIssuer("latchkey")
      .setAudience("latchkey-api")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(keyA);
    await expect(issuer.verify(token, later(1))).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("JwtSessionIssuer challenge and step-up tokens", () => {
  const challenge = { tenantId: "acme", userId: "u-1", generation: "g-1" };
  const stepUp = { tenantId: "acme", userId: "u-1", action: "delete_student" };

  it("reads back each kind's own claims until it expires (10 min challenge, 5 min step-up)", async () => {
    const c = await issuer.issueChallenge(challenge, now);
    const s = await issuer.issueStepUp(stepUp, now);
    await expect(issuer.verifyChallenge(c.token, later(599))).resolves.toEqual(challenge);
    await expect(issuer.verifyStepUp(s.token, later(299))).resolves.toEqual({
      ...stepUp,
      tokenId: expect.any(String),
      expiresAt: s.expiresAt,
    });
    await expect(issuer.verifyChallenge(c.token, later(601))).rejects.toBeInstanceOf(AuthenticationError);
    await expect(issuer.verifyStepUp(s.token, later(301))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("gives every step-up token its own id (jti), so each can be used once", async () => {
    const a = await issuer.issueStepUp(stepUp, now);
    const b = await issuer.issueStepUp(stepUp, now);
    const idA = (await issuer.verifyStepUp(a.token, later(1))).tokenId;
    const idB = (await issuer.verifyStepUp(b.token, later(1))).tokenId;
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idA).not.toBe(idB);
  });

  it("never accepts one kind of token as another", async () => {
    const session = (await issuer.issue(claims, now)).token;
    const c = (await issuer.issueChallenge(challenge, now)).token;
    const s = (await issuer.issueStepUp(stepUp, now)).token;
    for (const [token, verify] of [
      [c, issuer.verify.bind(issuer)],
      [s, issuer.verify.bind(issuer)],
      [session, issuer.verifyChallenge.bind(issuer)],
      [s, issuer.verifyChallenge.bind(issuer)],
      [session, issuer.verifyStepUp.bind(issuer)],
      [c, issuer.verifyStepUp.bind(issuer)],
    ] as const) {
      await expect(verify(token, later(1))).rejects.toBeInstanceOf(AuthenticationError);
    }
  });
});

describe("Latchkey ID sessions and MFA challenges", () => {
  it("carries the identity, the methods and the authentication time through a session", async () => {
    const withIdentity = {
      ...claims,
      identity: "sam@schools.example",
      amr: ["pwd", "otp"] as const,
      authTime: 5,
    };
    const { token } = await issuer.issue({ ...withIdentity, amr: [...withIdentity.amr] }, now);
    await expect(issuer.verify(token, later(1))).resolves.toMatchObject({
      identity: "sam@schools.example",
      amr: ["pwd", "otp"],
      authTime: 5,
    });
  });

  it("issues an MFA challenge that is not a session, naming the account's or the identity's authenticator", async () => {
    const session = { ...claims, identity: "sam@schools.example", authTime: now.getTime() };
    const forIdentity = await issuer.issueMfaChallenge(
      { session, owner: { tenantId: "~", userId: "sam@schools.example" } },
      now,
    );
    await expect(issuer.verifyMfaChallenge(forIdentity.token, later(1))).resolves.toEqual({
      session,
      owner: { tenantId: "~", userId: "sam@schools.example" },
      issuedAt: now.getTime(),
    });
    await expect(issuer.verify(forIdentity.token, later(1))).rejects.toThrow(AuthenticationError);
    await expect(issuer.verifyMfaChallenge(forIdentity.token, later(301))).rejects.toThrow(
      AuthenticationError,
    );
    const forAccount = await issuer.issueMfaChallenge(
      { session: claims, owner: { tenantId: "acme", userId: "u-1" } },
      now,
    );
    await expect(issuer.verifyMfaChallenge(forAccount.token, later(1))).resolves.toMatchObject({
      owner: { tenantId: "acme", userId: "u-1" },
    });
    const session2 = await issuer.issue(claims, now);
    await expect(issuer.verifyMfaChallenge(session2.token, later(1))).rejects.toThrow(AuthenticationError);
    await expect(
      issuer.issueMfaChallenge({ session: claims, owner: { tenantId: "acme", userId: "someone-else" } }, now),
    ).rejects.toThrow(/owner/);
    // An account's own password guarded by its Latchkey ID's authenticator: the identity answers a plain session.
    const guarded = await issuer.issueMfaChallenge(
      { session: claims, owner: { tenantId: "~", userId: "jo@trust.example" } },
      now,
    );
    await expect(issuer.verifyMfaChallenge(guarded.token, later(1))).resolves.toEqual({
      session: claims,
      owner: { tenantId: "~", userId: "jo@trust.example" },
      issuedAt: now.getTime(),
    });
  });
});
