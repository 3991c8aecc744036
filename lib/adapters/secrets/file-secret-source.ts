import { readFile } from "node:fs/promises";
import type { SecretSource } from "../../ports/secret-source.js";

/** A key file the local runtime generates once (git-ignored), so sessions survive restarts. */
export class FileSecretSource implements SecretSource {
  private cached?: Promise<{ pepper: string; sessionKey: string; masterKey: string }>;

  constructor(private readonly path: string) {}

  async pepper(): Promise<Buffer> {
    return Buffer.from((await this.load()).pepper, "base64");
  }

  async sessionKey(): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from((await this.load()).sessionKey, "base64"));
  }

  /** Wraps data keys locally, where AWS uses KMS (see `LocalDataKeys`). */
  async masterKey(): Promise<Buffer> {
    return Buffer.from((await this.load()).masterKey, "base64");
  }

  private load() {
    this.cached ??= readFile(this.path, "utf8").then((text) => JSON.parse(text));
    return this.cached;
  }
}
