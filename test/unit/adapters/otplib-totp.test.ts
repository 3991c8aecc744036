import { describe, expect, it } from "vitest";
import { OtplibTotp } from "../../../lib/adapters/crypto/otplib-totp.js";
import { FakeClock } from "../../fakes/clock.js";
import { base32Decode, codeFromSecret } from "../../fakes/totp-codes.js";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding, written here so the test does not lean on otplib's own codec. */
function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

// RFC 6238 Appendix B: the seeds are the ASCII digits "1234567890" repeated to the digest's key length.
const seeds = {
  sha1: Buffer.from("12345678901234567890"),
  sha256: Buffer.from("12345678901234567890123456789012"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
} as const;

const vectors: [number, string, keyof typeof seeds][] = [
  [59, "94287082", "sha1"],
  [59, "46119246", "sha256"],
  [59, "90693936", "sha512"],
  [1111111109, "07081804", "sha1"],
  [1111111109, "68084774", "sha256"],
  [1111111109, "25091201", "sha512"],
  [1111111111, "14050471", "sha1"],
  [1111111111, "67062674", "sha256"],
  [1111111111, "99943326", "sha512"],
  [1234567890, "89005924", "sha1"],
  [1234567890, "91819424", "sha256"],
  [1234567890, "93441116", "sha512"],
  [2000000000, "69279037", "sha1"],
  [2000000000, "90698825", "sha256"],
  [2000000000, "38618901", "sha512"],
  [20000000000, "65353130", "sha1"],
  [20000000000, "77737706", "sha256"],
  [20000000000, "47863826", "sha512"],
];

describe("OtplibTotp", () => {
  const totp = new OtplibTotp();

  it.each(vectors)(
    "accepts RFC 6238 Appendix B at T=%i: %s (%s, 8 digits)",
    async (seconds, code, algorithm) => {
      const secret = base32Encode(seeds[algorithm]);
      const step = await totp.verify(secret, code, new Date(seconds * 1000), { algorithm, digits: 8 });
      expect(step).toBe(Math.floor(seconds / 30));
    },
  );

  it("has all 18 vectors of Appendix B", () => {
    expect(vectors).toHaveLength(18);
    expect(new Set(vectors.map(([, code]) => code)).size).toBe(18);
  });

  it("refuses a vector's code under another digest", async () => {
    const secret = base32Encode(seeds.sha256);
    expect(await totp.verify(secret, "94287082", new Date(59_000), { algorithm: "sha256", digits: 8 })).toBe(
      undefined,
    );
  });

  it("makes a new 160-bit base32 secret each time", () => {
    const a = totp.newSecret();
    expect(base32Decode(a)).toHaveLength(20);
    expect(totp.newSecret()).not.toBe(a);
  });

  it("accepts a code an independent implementation computes from the otpauth:// URI it returned", async () => {
    const uri = new URL(totp.uri(totp.newSecret(), "ada@school.example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Latchkey:ada@school.example");
    expect(uri.searchParams.get("issuer")).toBe("Latchkey");
    const secret = uri.searchParams.get("secret") as string;
    const now = new Date("2026-11-29T10:00:07Z");
    const step = await totp.verify(secret, codeFromSecret(secret, now), now);
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
  });

  it("accepts a code one step old and refuses one two steps old or from the next step (fake clock)", async () => {
    const clock = new FakeClock("2026-11-29T10:00:00Z");
    const secret = totp.newSecret();
    const code = codeFromSecret(secret, clock.now());
    const issuedStep = Math.floor(clock.now().getTime() / 30_000);
    clock.advance(30_000);
    expect(await totp.verify(secret, code, clock.now())).toBe(issuedStep);
    clock.advance(30_000);
    expect(await totp.verify(secret, code, clock.now())).toBe(undefined);
    const future = codeFromSecret(secret, new Date(clock.now().getTime() + 30_000));
    expect(await totp.verify(secret, future, clock.now())).toBe(undefined);
  });

  it("refuses malformed codes without asking otplib", async () => {
    const secret = totp.newSecret();
    for (const code of ["", "12345", "1234567", "12a456", " 123456"]) {
      expect(await totp.verify(secret, code, new Date())).toBe(undefined);
    }
  });
});
