import { readFile, stat } from "node:fs/promises";
import { type KeyRing, keyRingOf } from "../../domain/key-ring.js";
import type { SecretSource } from "../../ports/secret-source.js";

/** Local keys are 32 random bytes; none shorter than 16 is accepted. */
const minKeyBytes = 16;
const base64 = (value: string) => new Uint8Array(Buffer.from(value, "base64"));

/**
 * A key file the local runtime generates once (git-ignored), so sessions survive restarts. `pepper` and
 * `sessionKey` are each a base64 key (the legacy key, id "1") or a ring `{"current":"2","keys":{"1":"…","2":"…"}}`
 * of base64 keys; `masterKey` is one base64 key.
 */
export class FileSecretSource implements SecretSource {
  private cached?: { mtimeMs: number; content: Promise<Record<string, unknown>> };

  constructor(private readonly path: string) {}

  async pepper(): Promise<KeyRing> {
    return keyRingOf((await this.load()).pepper, base64, minKeyBytes);
  }

  async sessionKey(): Promise<KeyRing> {
    return keyRingOf((await this.load()).sessionKey, base64, minKeyBytes);
  }

  /** Wraps data keys locally, where AWS uses KMS (see `LocalDataKeys`). */
  async masterKey(): Promise<Buffer> {
    return Buffer.from(String((await this.load()).masterKey), "base64");
  }

  /** Read again when the file changes, so a local rotation (an edited key file) applies without a restart. */
  private async load(): Promise<Record<string, unknown>> {
    const { mtimeMs } = await stat(this.path);
    if (this.cached?.mtimeMs !== mtimeMs) {
      this.cached = { mtimeMs, content: readFile(this.path, "utf8").then((text) => JSON.parse(text)) };
    }
    return this.cached.content;
  }
}
