import { describe, expect, it } from "vitest";
import { argon2Options, PepperedArgon2Hasher } from "../../../lib/adapters/crypto/argon2-hasher.js";
import { singleKeyRing } from "../../../lib/domain/key-ring.js";
import type { SecretSource } from "../../../lib/ports/secret-source.js";

const secretsWith = (pepper: string): SecretSource => ({
  pepper: async () => singleKeyRing(Buffer.from(pepper, "utf8")),
  sessionKey: async () => singleKeyRing(new Uint8Array(32)),
});

/** Same algorithm, far less work: keeps the suite fast where the cost is not what is tested. */
const cheap = { ...argon2Options, memoryCost: 1024, timeCost: 1 };

describe("PepperedArgon2Hasher", () => {
  const hasher = new PepperedArgon2Hasher(secretsWith("pepper-one"), cheap);

  it("verifies the secret it hashed", async () => {
    const stored = await hasher.hash("4821");
    expect(await hasher.verify(stored, "4821")).toBe(true);
  });

  it("refuses a different secret", async () => {
    const stored = await hasher.hash("4821");
    expect(await hasher.verify(stored, "4822")).toBe(false);
    expect(await hasher.verify(stored, "")).toBe(false);
  });

  it("tells apart two 80-byte passwords that differ only at byte 73 (no 72-byte truncation, as bcrypt has)", async () => {
    const common = "x".repeat(72);
    const first = `${common}A1234567`;
    const second = `${common}B1234567`;
    expect(Buffer.byteLength(first, "utf8")).toBe(80);
    expect(Buffer.byteLength(second, "utf8")).toBe(80);
    expect(first.slice(0, 72)).toBe(second.slice(0, 72));
    const stored = await hasher.hash(first);
    expect(await hasher.verify(stored, first)).toBe(true);
    expect(await hasher.verify(stored, second)).toBe(false);
  });

  it("refuses the right secret when the pepper differs, so a table dump alone is not enough", async () => {
    const stored = await hasher.hash("4821");
    const otherPepper = new PepperedArgon2Hasher(secretsWith("pepper-two"), cheap);
    expect(await otherPepper.verify(stored, "4821")).toBe(false);
  });

  it("does not hash the bare secret, so plain argon2 of the secret does not verify", async () => {
    const { hash: plainHash, verify: plainVerify } = await import("@node-rs/argon2");
    const stored = await hasher.hash("4821");
    expect(await plainVerify(stored, "4821")).toBe(false);
    expect(await hasher.verify(await plainHash("4821", cheap), "4821")).toBe(false);
  });

  it("throws rather than answering false when the pepper cannot be read, in verify and burn alike", async () => {
    const stored = await hasher.hash("4821");
    let available = false;
    const flaky = new PepperedArgon2Hasher(
      {
        pepper: async () => {
          if (!available) throw new Error("Secrets Manager unavailable");
          return singleKeyRing(Buffer.from("pepper-one", "utf8"));
        },
        sessionKey: async () => singleKeyRing(new Uint8Array(32)),
      },
      cheap,
    );
    await expect(flaky.verify(stored, "4821")).rejects.toThrow("unavailable");
    await expect(flaky.burn("4821")).rejects.toThrow("unavailable");
    available = true;
    expect(await flaky.verify(stored, "4821")).toBe(true);
    await expect(flaky.burn("4821")).resolves.toBeUndefined();
  });

  it("salts each hash so the same secret hashes differently", async () => {
    const [a, b] = await Promise.all([hasher.hash("4821"), hasher.hash("4821")]);
    expect(a).not.toBe(b);
  });

  it("verifies secrets with non-ASCII characters", async () => {
    const stored = await hasher.hash("pässwörd-😀");
    expect(await hasher.verify(stored, "pässwörd-😀")).toBe(true);
    expect(await hasher.verify(stored, "passwörd-😀")).toBe(false);
  });

  it("returns false rather than throwing when the stored hash is garbage", async () => {
    await expect(hasher.verify("not-a-phc-string", "4821")).resolves.toBe(false);
    await expect(hasher.verify("", "4821")).resolves.toBe(false);
  });

  it("resolves burn whatever the secret", async () => {
    await expect(hasher.burn("anything")).resolves.toBeUndefined();
    await expect(hasher.burn("")).resolves.toBeUndefined();
  });

  it("hashes with argon2id m=19456,t=2,p=1 when given the production options", async () => {
    const production = new PepperedArgon2Hasher(secretsWith("pepper-one"));
    const stored = await production.hash("correct horse");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await production.verify(stored, "correct horse")).toBe(true);
  });
});
