import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { DataKeySource, Sealed, SecretBox } from "../../ports/secret-box.js";

const ivBytes = 12;
const tagBytes = 16;

/**
 * Envelope encryption: each ciphertext carries its encrypted data key. One data key seals many secrets (a
 * regeneration job seals thousands; one KMS call per secret would be slow and costly) and is replaced after
 * `maxUses` seals or `maxAgeMs`. Unwrapped keys are cached, bounded, for reads.
 */
export class EnvelopeSecretBox implements SecretBox {
  private current?: { plaintext: Buffer; encrypted: string; uses: number; createdAt: number };
  private generating?: Promise<void>;
  /** Unwrapped keys by their encrypted form; a promise, so concurrent opens share one Decrypt call. */
  private readonly opened = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly keys: DataKeySource,
    private readonly limits = { maxUses: 10_000, maxAgeMs: 15 * 60_000, cachedKeys: 100 },
    private readonly now: () => number = Date.now,
  ) {}

  async seal(plaintext: string, aad: string): Promise<Sealed> {
    const key = await this.dataKey();
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", key.plaintext, iv);
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { data: Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64"), key: key.encrypted };
  }

  async open(sealed: Sealed, aad: string): Promise<string> {
    const key = await this.unwrap(sealed.key);
    const bytes = Buffer.from(sealed.data, "base64");
    if (bytes.length < ivBytes + tagBytes) throw new Error("Sealed data is too short");
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivBytes));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    return Buffer.concat([
      decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
      decipher.final(),
    ]).toString("utf8");
  }

  private async dataKey() {
    for (;;) {
      const current = this.current;
      if (
        current &&
        current.uses < this.limits.maxUses &&
        this.now() - current.createdAt < this.limits.maxAgeMs
      ) {
        current.uses++;
        return current;
      }
      // Concurrent seals (a work chunk seals 100 at once) share one GenerateDataKey call, not one each.
      this.generating ??= this.keys
        .generate()
        .then((generated) => {
          this.current = { ...generated, uses: 0, createdAt: this.now() };
          this.remember(generated.encrypted, Promise.resolve(generated.plaintext));
        })
        .finally(() => {
          this.generating = undefined;
        });
      await this.generating;
    }
  }

  private unwrap(encrypted: string): Promise<Buffer> {
    const cached = this.opened.get(encrypted);
    if (cached) return cached;
    const unwrapping = this.keys.decrypt(encrypted);
    // A failed unwrap is not cached: the next open tries again.
    unwrapping.catch(() => this.opened.delete(encrypted));
    this.remember(encrypted, unwrapping);
    return unwrapping;
  }

  private remember(encrypted: string, plaintext: Promise<Buffer>) {
    this.opened.set(encrypted, plaintext);
    if (this.opened.size > this.limits.cachedKeys) {
      const oldest = this.opened.keys().next().value;
      if (oldest !== undefined) this.opened.delete(oldest);
    }
  }
}
