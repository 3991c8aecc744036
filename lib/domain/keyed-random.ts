import { createCipheriv, createHmac } from "node:crypto";
import type { RandomInt } from "./password-policy.js";

/**
 * A deterministic uniform integer stream: AES-256-CTR keyed by HMAC-SHA256(`key`, `label`), read 32 bits at a time
 * with rejection sampling (no modulo bias). A bulk job derives each user's temporary password from its own
 * secret job key and the user id, so a redelivered work message re-creates the same password instead of a
 * second, different one. The key is 256 random bits, sealed at rest and deleted when the job ends.
 */
export function keyedRandom(key: Buffer, label: string): RandomInt {
  const stream = createCipheriv(
    "aes-256-ctr",
    createHmac("sha256", key).update(label).digest(),
    Buffer.alloc(16),
  );
  const zeros = Buffer.alloc(256);
  let buffer = Buffer.alloc(0);
  let offset = 0;
  const next32 = () => {
    if (offset + 4 > buffer.length) {
      buffer = stream.update(zeros);
      offset = 0;
    }
    const value = buffer.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  return (max: number) => {
    if (!Number.isInteger(max) || max < 1 || max > 2 ** 32)
      throw new RangeError(`max must be 1..2^32, got ${max}`);
    // Accept only values below the largest multiple of max, so every residue is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % max);
    for (;;) {
      const value = next32();
      if (value < limit) return value % max;
    }
  };
}
