import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { DataKeySource } from "../../ports/secret-box.js";

/** AES-GCM nonce and tag sizes, as in the envelope format. */
const ivBytes = 12;
const tagBytes = 16;

/**
 * Data keys wrapped with AES-256-GCM under a local master key (the local runtime's key file). Same envelope
 * format as KMS, so the code paths above are the ones that run in AWS.
 */
export class LocalDataKeys implements DataKeySource {
  constructor(private readonly masterKey: () => Promise<Buffer>) {}

  async generate() {
    const plaintext = randomBytes(32);
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", await this.masterKey(), iv);
    const wrapped = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { plaintext, encrypted: `local:${wrapped.toString("base64")}` };
  }

  async decrypt(encrypted: string): Promise<Buffer> {
    if (!encrypted.startsWith("local:")) throw new Error("Not a locally wrapped data key");
    const bytes = Buffer.from(encrypted.slice("local:".length), "base64");
    const decipher = createDecipheriv("aes-256-gcm", await this.masterKey(), bytes.subarray(0, ivBytes));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    return Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]);
  }
}
