import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvelopeSecretBox } from "../../../lib/adapters/crypto/envelope-secret-box.js";
import { LocalDataKeys } from "../../../lib/adapters/crypto/local-data-keys.js";
import type { DataKeySource } from "../../../lib/ports/secret-box.js";

const master = randomBytes(32);
const localKeys = () => new LocalDataKeys(async () => master);

/** Counts calls to the key service (a real local key source underneath). */
function counting(source: DataKeySource) {
  const calls = { generate: 0, decrypt: 0 };
  const counted: DataKeySource = {
    generate: () => {
      calls.generate++;
      return source.generate();
    },
    decrypt: (encrypted) => {
      calls.decrypt++;
      return source.decrypt(encrypted);
    },
  };
  return { counted, calls };
}

describe("EnvelopeSecretBox", () => {
  it("opens what it sealed with the same AAD", async () => {
    const box = new EnvelopeSecretBox(localKeys());
    const sealed = await box.seal("Tiger-Plum-42", "t1|u1|3");
    expect(sealed.data).not.toContain("Tiger");
    expect(await box.open(sealed, "t1|u1|3")).toBe("Tiger-Plum-42");
  });

  it("refuses to open with another AAD, so a ciphertext cannot move to another user or generation", async () => {
    const box = new EnvelopeSecretBox(localKeys());
    const sealed = await box.seal("Tiger-Plum-42", "t1|u1|3");
    await expect(box.open(sealed, "t1|u2|3")).rejects.toThrow();
    await expect(box.open(sealed, "t1|u1|4")).rejects.toThrow();
  });

  it("refuses tampered data", async () => {
    const box = new EnvelopeSecretBox(localKeys());
    const sealed = await box.seal("Tiger-Plum-42", "a");
    const bytes = Buffer.from(sealed.data, "base64");
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    await expect(box.open({ ...sealed, data: bytes.toString("base64") }, "a")).rejects.toThrow();
  });

  it("opens in a fresh instance (another Lambda) through the key service", async () => {
    const sealed = await new EnvelopeSecretBox(localKeys()).seal("secret", "aad");
    expect(await new EnvelopeSecretBox(localKeys()).open(sealed, "aad")).toBe("secret");
    const otherMaster = new EnvelopeSecretBox(new LocalDataKeys(async () => randomBytes(32)));
    await expect(otherMaster.open(sealed, "aad")).rejects.toThrow();
  });

  it("reuses one data key for many seals and replaces it after maxUses or maxAge", async () => {
    let now = 0;
    const { counted, calls } = counting(localKeys());
    const box = new EnvelopeSecretBox(counted, { maxUses: 3, maxAgeMs: 1000, cachedKeys: 10 }, () => now);
    const keys = new Set<string>();
    for (let i = 0; i < 6; i++) keys.add((await box.seal(`s${i}`, "a")).key);
    expect(calls.generate).toBe(2);
    expect(keys.size).toBe(2);
    now = 1000;
    await box.seal("later", "a");
    expect(calls.generate).toBe(3);
  });

  it("unwraps a data key once and caches it for later opens", async () => {
    const sealed = await new EnvelopeSecretBox(localKeys()).seal("secret", "aad");
    const { counted, calls } = counting(localKeys());
    const reader = new EnvelopeSecretBox(counted);
    for (let i = 0; i < 5; i++) expect(await reader.open(sealed, "aad")).toBe("secret");
    expect(calls.decrypt).toBe(1);
  });

  it("shares one GenerateDataKey call among concurrent seals (a work chunk seals 100 at once)", async () => {
    const { counted, calls } = counting(localKeys());
    const box = new EnvelopeSecretBox(counted);
    const sealed = await Promise.all(Array.from({ length: 100 }, (_, i) => box.seal(`s${i}`, `a${i}`)));
    expect(calls.generate).toBe(1);
    expect(new Set(sealed.map((s) => s.key)).size).toBe(1);
  });

  it("shares one Decrypt call among concurrent opens of the same data key", async () => {
    const writer = new EnvelopeSecretBox(localKeys());
    const sealed = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.seal(`s${i}`, "aad")));
    const { counted, calls } = counting(localKeys());
    const reader = new EnvelopeSecretBox(counted);
    const opened = await Promise.all(sealed.map((s) => reader.open(s, "aad")));
    expect(opened).toEqual(sealed.map((_, i) => `s${i}`));
    expect(calls.decrypt).toBe(1);
  });
});
