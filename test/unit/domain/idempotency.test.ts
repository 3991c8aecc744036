import { describe, expect, it } from "vitest";
import {
  idempotencyKeyField,
  newIdempotencyKey,
  parseIdempotencyKey,
  requestFingerprint,
} from "../../../lib/domain/idempotency.js";

describe("parseIdempotencyKey", () => {
  it("accepts 1 to 255 printable ASCII characters, bare or as a structured-field string", () => {
    expect(parseIdempotencyKey("8e03978e-40d5-43e8-bc93-6894a57f9324")).toBe(
      "8e03978e-40d5-43e8-bc93-6894a57f9324",
    );
    expect(parseIdempotencyKey('"8e03978e-40d5"')).toBe("8e03978e-40d5");
    expect(parseIdempotencyKey('"say \\"hi\\""')).toBe('say "hi"');
    expect(parseIdempotencyKey("a")).toBe("a");
    expect(parseIdempotencyKey("~".repeat(255))).toBe("~".repeat(255));
    expect(parseIdempotencyKey("  padded  ")).toBe("padded");
  });

  it("refuses an empty, too long, control-character or non-ASCII key", () => {
    for (const bad of ["", "   ", '""', "x".repeat(256), "a\tb", "a\u0000b", "a\u007fb", "clé", "😀"]) {
      expect(parseIdempotencyKey(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe("idempotencyKeyField and newIdempotencyKey", () => {
  it("makes fresh 128-bit URL-safe keys that the form field accepts", () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^[\w-]{22}$/);
      expect(idempotencyKeyField.safeParse(key).success).toBe(true);
    }
    expect(idempotencyKeyField.safeParse("x".repeat(256)).success).toBe(false);
    expect(idempotencyKeyField.safeParse("a\nb").success).toBe(false);
  });
});

describe("requestFingerprint", () => {
  it("leaves out the caller's proof (password, form token, key) and keeps what the request asks", () => {
    const a = requestFingerprint({ body: { groupIds: ["g1"], password: "secret-one" }, params: { x: "1" } });
    const b = requestFingerprint({ body: { groupIds: ["g1"], password: "secret-two" }, params: { x: "1" } });
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toContain("secret");
    expect(requestFingerprint({ body: { groupIds: ["g2"], password: "secret-one" } })).not.toEqual(a);
    expect(requestFingerprint({ body: { groups: "g1", csrf: "t", idempotencyKey: "k" } })).toEqual(
      requestFingerprint({ body: { groups: "g1" } }),
    );
  });

  it("tells apart the query, the path and a CSV body", () => {
    const base = { body: undefined, query: { section: "users", mode: "merge" } };
    expect(requestFingerprint({ ...base, csv: "a,b\n1,2" })).not.toEqual(
      requestFingerprint({ ...base, csv: "a,b\n1,3" }),
    );
    expect(requestFingerprint({ ...base, query: { section: "groups", mode: "merge" } })).not.toEqual(
      requestFingerprint(base),
    );
    expect(requestFingerprint({ params: { groupId: "a" } })).not.toEqual(
      requestFingerprint({ params: { groupId: "b" } }),
    );
  });
});
