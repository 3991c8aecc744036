import { createHmac } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (padding optional), written here so tests do not lean on otplib's own codec. */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * The current code (SHA-1, 6 digits, 30 s) of the secret in an `otpauth://` URI, computed as an authenticator app
 * would, with node:crypto (not otplib): what a person types after scanning the QR code.
 */
export function codeFromUri(otpauthUri: string, at: Date): string {
  return codeFromSecret(new URL(otpauthUri).searchParams.get("secret") ?? "", at);
}

/** The code (SHA-1, 6 digits, 30 s) of a base32 secret at a moment, with node:crypto (not otplib). */
export function codeFromSecret(secret: string, at: Date): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] as number) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
