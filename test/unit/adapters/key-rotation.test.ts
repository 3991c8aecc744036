import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeProtectedHeader, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  argon2Options,
  PepperedArgon2Hasher,
  splitPepperId,
} from "../../../lib/adapters/crypto/argon2-hasher.js";
import { HmacFormTokens } from "../../../lib/adapters/crypto/hmac-form-tokens.js";
import { JwtSessionIssuer } from "../../../lib/adapters/crypto/jwt-session-issuer.js";
import { FileSecretSource } from "../../../lib/adapters/secrets/file-secret-source.js";
import { parseStoredSecret } from "../../../lib/adapters/secrets/secrets-manager-secret-source.js";
import { AuthenticationError } from "../../../lib/domain/errors.js";
import { type KeyRing, keyRingOf, legacyKeyId } from "../../../lib/domain/key-ring.js";
import type { SecretSource } from "../../../lib/ports/secret-source.js";

/** Same algorithm, far less work: the cost is not what is tested. */
const cheap = { ...argon2Options, memoryCost: 1024, timeCost: 1 };
const key = (fill: number) => new Uint8Array(32).fill(fill);
const ring = (current: string, keys: Record<string, number>): KeyRing => ({
  current,
  keys: new Map(Object.entries(keys).map(([id, fill]) => [id, key(fill)])),
});

/** A secret source whose rings the test rotates in place, as an operator edits the secret. */
function rotating(pepper: KeyRing, session: KeyRing) {
  const state = { pepper, session };
  const source: SecretSource = { pepper: async () => state.pepper, sessionKey: async () => state.session };
  return { source, state };
}

describe("key rings as stored", () => {
  it("reads a bare secret as the legacy key, and a ring with its current id", () => {
    const utf8 = (v: string) => new Uint8Array(Buffer.from(v, "utf8"));
    const bare = parseStoredSecret("a".repeat(64));
    expect(bare.current).toBe(legacyKeyId);
    expect([...bare.keys.keys()]).toEqual([legacyKeyId]);
    const rotated = parseStoredSecret(
      JSON.stringify({ current: "2", keys: { 1: "a".repeat(64), 2: "b".repeat(64) } }),
    );
    expect(rotated.current).toBe("2");
    expect(rotated.keys.get("1")).toEqual(utf8("a".repeat(64)));
    expect(rotated.keys.get("2")).toEqual(utf8("b".repeat(64)));
  });

  it("refuses a ring whose current id is not listed, a bad id, a short key or a stray field", () => {
    const decode = (v: string) => new Uint8Array(Buffer.from(v, "utf8"));
    const long = "k".repeat(40);
    expect(() => keyRingOf({ current: "3", keys: { 1: long } }, decode, 32)).toThrow(/current/);
    expect(() => keyRingOf({ current: "a b", keys: { "a b": long } }, decode, 32)).toThrow(/key ids/);
    expect(() => keyRingOf({ current: "1", keys: { 1: "short" } }, decode, 32)).toThrow(/too short/);
    expect(() => keyRingOf({ current: "1", keys: { 1: long }, extra: 1 }, decode, 32)).toThrow();
    expect(() => parseStoredSecret("short")).toThrow(/too short/);
  });

  it("refuses a ring that is not JSON without quoting any of it (the message reaches the logs)", () => {
    const broken = '{"current":"1","keys":{"1":SuperSecretKeyMaterial0123456789abcdef}}';
    expect(() => parseStoredSecret(broken)).toThrow("The secret is not a valid key ring (JSON)");
    try {
      parseStoredSecret(broken);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("SuperSecret");
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it("reads the local key file in either shape, again after it is edited", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "latchkey-keys-")), "secrets.json");
    const b64 = (fill: number) => Buffer.from(key(fill)).toString("base64");
    await writeFile(file, JSON.stringify({ pepper: b64(1), sessionKey: b64(2), masterKey: b64(3) }));
    const source = new FileSecretSource(file);
    expect((await source.pepper()).current).toBe(legacyKeyId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(
      file,
      JSON.stringify({
        pepper: { current: "p2", keys: { 1: b64(1), p2: b64(4) } },
        sessionKey: b64(2),
        masterKey: b64(3),
      }),
    );
    const pepper = await source.pepper();
    expect(pepper.current).toBe("p2");
    expect(pepper.keys.get("p2")).toEqual(key(4));
    expect((await source.sessionKey()).keys.get(legacyKeyId)).toEqual(key(2));
  });
});

describe("pepper rotation", () => {
  it("keeps verifying hashes of the old pepper, gives new hashes the new id, and rehashes only old ones", async () => {
    const { source, state } = rotating(ring("1", { 1: 1 }), ring("1", { 1: 9 }));
    const hasher = new PepperedArgon2Hasher(source, cheap);
    const old = await hasher.hash("4821");
    // Under the legacy pepper, hashes keep today's format: no prefix.
    expect(old.startsWith("$argon2id$")).toBe(true);
    expect(await hasher.needsRehash(old)).toBe(false);

    state.pepper = ring("2", { 1: 1, 2: 2 });
    expect(await hasher.verify(old, "4821")).toBe(true);
    expect(await hasher.verify(old, "4822")).toBe(false);
    expect(await hasher.needsRehash(old)).toBe(true);
    const fresh = await hasher.hash("4821");
    expect(splitPepperId(fresh)).toMatchObject({ pepperId: "2" });
    expect(fresh.startsWith("$pepper=2$argon2id$")).toBe(true);
    expect(await hasher.verify(fresh, "4821")).toBe(true);
    expect(await hasher.needsRehash(fresh)).toBe(false);
    // The new pepper really keys it: the same argon2 string under the old id does not verify.
    expect(await hasher.verify(splitPepperId(fresh).argon2Hash, "4821")).toBe(false);
  });

  it("fails closed for a hash whose pepper is no longer listed, or an id never listed", async () => {
    const { source, state } = rotating(ring("1", { 1: 1 }), ring("1", { 1: 9 }));
    const hasher = new PepperedArgon2Hasher(source, cheap);
    const old = await hasher.hash("4821");
    state.pepper = ring("2", { 2: 2 });
    expect(await hasher.verify(old, "4821")).toBe(false);
    const forged = `$pepper=9${splitPepperId(await hasher.hash("4821")).argon2Hash}`;
    expect(await hasher.verify(forged, "4821")).toBe(false);
  });
});

describe("session key rotation", () => {
  const claims = { tenantId: "acme", userId: "u-1", roles: ["staff" as const] };
  const now = new Date("2025-03-01T09:00:00.000Z");

  it("verifies a token signed with the old kid while the old key is listed, and not after its removal", async () => {
    const { source, state } = rotating(ring("1", { 1: 1 }), ring("1", { 1: 7 }));
    const issuer = new JwtSessionIssuer(source, 900);
    const { token: old } = await issuer.issue(claims, now);
    expect(decodeProtectedHeader(old).kid).toBe("1");

    state.session = ring("s2", { 1: 7, s2: 8 });
    await expect(issuer.verify(old, now)).resolves.toMatchObject({ userId: "u-1" });
    const { token: fresh } = await issuer.issue(claims, now);
    expect(decodeProtectedHeader(fresh).kid).toBe("s2");
    await expect(issuer.verify(fresh, now)).resolves.toMatchObject({ userId: "u-1" });

    state.session = ring("s2", { s2: 8 });
    await expect(issuer.verify(old, now)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(issuer.verify(fresh, now)).resolves.toMatchObject({ userId: "u-1" });
  });

  it("reads the ring again once for a key id its cached copy lacks (another environment rotated first)", async () => {
    // Two copies of one secret: the stored ring (rotated) and this environment's cached one (from before).
    const stored = { pepper: ring("2", { 1: 1, 2: 2 }), session: ring("2", { 1: 7, 2: 8 }) };
    const cached = { pepper: ring("1", { 1: 1 }), session: ring("1", { 1: 7 }) };
    const freshReads: string[] = [];
    const stale: SecretSource = {
      pepper: async (options) => {
        if (options?.fresh) freshReads.push("pepper");
        return options?.fresh ? stored.pepper : cached.pepper;
      },
      sessionKey: async (options) => {
        if (options?.fresh) freshReads.push("session");
        return options?.fresh ? stored.session : cached.session;
      },
    };
    const rotated: SecretSource = {
      pepper: async () => stored.pepper,
      sessionKey: async () => stored.session,
    };
    const newHash = await new PepperedArgon2Hasher(rotated, cheap).hash("right horse");
    const { token } = await new JwtSessionIssuer(rotated, 900).issue(claims, now);

    const hasher = new PepperedArgon2Hasher(stale, cheap);
    expect(await hasher.verify(newHash, "right horse")).toBe(true);
    expect(await hasher.verify(newHash, "wrong horse")).toBe(false);
    await expect(new JwtSessionIssuer(stale, 900).verify(token, now)).resolves.toMatchObject({
      userId: "u-1",
    });
    expect(freshReads).toEqual(["pepper", "pepper", "session"]);

    // A hash of the legacy pepper, known to the cache, never reads again.
    freshReads.length = 0;
    const oldHash = await new PepperedArgon2Hasher(stale, cheap).hash("old horse");
    expect(await hasher.verify(oldHash, "old horse")).toBe(true);
    expect(freshReads).toEqual([]);
  });

  it("reads a token from before key ids (no kid) as the legacy key's; refuses an unknown or lying kid", async () => {
    const { source } = rotating(ring("1", { 1: 1 }), ring("s2", { 1: 7, s2: 8 }));
    const issuer = new JwtSessionIssuer(source, 900);
    const sign = (header: { kid?: string }, signingKey: Uint8Array) =>
      new SignJWT({ tid: "acme", roles: ["staff"], jti: "j-1" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT", ...header })
        .setSubject("u-1")
        .setIssuer("latchkey")
        .setAudience("latchkey-api")
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 60)
        .sign(signingKey);
    await expect(issuer.verify(await sign({}, key(7)), now)).resolves.toMatchObject({ userId: "u-1" });
    await expect(issuer.verify(await sign({ kid: "zz" }, key(7)), now)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    // Signed with the old key but claiming the new id: the key the id names does not match.
    await expect(issuer.verify(await sign({ kid: "s2" }, key(7)), now)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("accepts a form token issued before a rotation while the old key is listed", async () => {
    const { source, state } = rotating(ring("1", { 1: 1 }), ring("1", { 1: 7 }));
    const forms = new HmacFormTokens(source);
    const old = await forms.issue("session:abc");
    state.session = ring("s2", { 1: 7, s2: 8 });
    expect(await forms.verify("session:abc", old)).toBe(true);
    const fresh = await forms.issue("session:abc");
    expect(fresh).not.toBe(old);
    expect(await forms.verify("session:abc", fresh)).toBe(true);
    state.session = ring("s2", { s2: 8 });
    expect(await forms.verify("session:abc", old)).toBe(false);
    expect(await forms.verify("session:abc", fresh)).toBe(true);
  });
});
