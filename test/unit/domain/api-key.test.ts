import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  apiKeyLastUseDue,
  apiKeyUnexpired,
  newApiKey,
  parseApiKey,
  sha256,
  tenantIdPattern,
} from "../../../lib/domain/api-key.js";

/** 43 base64url characters, as 32 random bytes encode to. */
const secret43 = `${"A".repeat(21)}${"b-_9".repeat(5)}zz`;

describe("newApiKey", () => {
  it("formats the key as lk.<tenant>.<43 base64url characters>", () => {
    const { key } = newApiKey("acme-school");
    expect(key).toMatch(/^lk\.acme-school\.[A-Za-z0-9_-]{43}$/);
  });

  it("stores the SHA-256 hex of the whole key, not of the secret part", () => {
    const { key, hash } = newApiKey("acme");
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const secretPart = key.split(".")[2] ?? "";
    expect(hash).not.toBe(createHash("sha256").update(secretPart).digest("hex"));
  });

  it("issues a different key and hash each time", () => {
    const a = newApiKey("acme");
    const b = newApiKey("acme");
    expect(a.key).not.toBe(b.key);
    expect(a.hash).not.toBe(b.hash);
  });
});

describe("parseApiKey", () => {
  it("recovers the tenant and the stored hash when given a freshly issued key", () => {
    const { key, hash } = newApiKey("acme-school");
    expect(parseApiKey(key)).toEqual({ tenantId: "acme-school", hash });
  });

  it("accepts a well-formed key it did not issue", () => {
    expect(parseApiKey(`lk.abc.${secret43}`)).toEqual({
      tenantId: "abc",
      hash: sha256(`lk.abc.${secret43}`),
    });
  });

  it("rejects a key whose secret is too short or too long", () => {
    expect(parseApiKey(`lk.acme.${secret43.slice(1)}`)).toBeUndefined();
    expect(parseApiKey(`lk.acme.${secret43}x`)).toBeUndefined();
  });

  it("rejects keys with the wrong prefix, separators or alphabet", () => {
    expect(parseApiKey(`xx.acme.${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk-acme-${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk.acme.${secret43.slice(0, 42)}=`)).toBeUndefined();
    expect(parseApiKey(`lk.acme.${secret43.slice(0, 42)}+`)).toBeUndefined();
    expect(parseApiKey(` lk.acme.${secret43}`)).toBeUndefined();
    expect(parseApiKey("")).toBeUndefined();
  });

  it("rejects keys whose tenant part is not a tenant id shape", () => {
    expect(parseApiKey(`lk.ACME.${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk.ab.${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk.${"a".repeat(41)}.${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk.ac#me.${secret43}`)).toBeUndefined();
    expect(parseApiKey(`lk.acme.other.${secret43}`)).toBeUndefined();
  });
});

describe("sha256", () => {
  it("matches the known digest of an empty string", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("tenantIdPattern", () => {
  it("accepts lower-case ids of 3 to 40 characters with inner hyphens", () => {
    for (const id of ["abc", "acme-school", "a1b", "x".repeat(40)])
      expect(tenantIdPattern.test(id)).toBe(true);
  });

  it("rejects ids that are too short, too long, upper-case, or start or end with a hyphen", () => {
    for (const id of ["ab", "x".repeat(41), "Acme", "-acme", "acme-", "ac_me", "ac#me", "ac.me"]) {
      expect(tenantIdPattern.test(id)).toBe(false);
    }
  });
});

describe("apiKeyUnexpired and apiKeyLastUseDue", () => {
  const now = new Date("2026-01-01T12:00:00.000Z");
  it("keeps a key without expiry, and refuses one at or after its expiry", () => {
    expect(apiKeyUnexpired({}, now)).toBe(true);
    expect(apiKeyUnexpired({ expiresAt: "2026-01-01T12:00:00.001Z" }, now)).toBe(true);
    expect(apiKeyUnexpired({ expiresAt: "2026-01-01T12:00:00.000Z" }, now)).toBe(false);
  });

  it("records a use when none is recorded or the last is a minute old or more", () => {
    expect(apiKeyLastUseDue({}, now)).toBe(true);
    expect(apiKeyLastUseDue({ lastUsedAt: "2026-01-01T11:59:00.001Z" }, now)).toBe(false);
    expect(apiKeyLastUseDue({ lastUsedAt: "2026-01-01T11:59:00.000Z" }, now)).toBe(true);
  });
});
