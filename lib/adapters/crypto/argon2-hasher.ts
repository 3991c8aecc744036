import { createHmac } from "node:crypto";
import type { PasswordHasher } from "../../ports/password-hasher.js";
import type { SecretSource } from "../../ports/secret-source.js";

/**
 * The native binding is loaded on first use, not at import: only the functions that hash ship it (as a Lambda
 * layer), yet every function's bundle contains this module through the shared wiring.
 */
const argon2 = () => import("@node-rs/argon2");

/** `Algorithm.Argon2id` (an ambient const enum, so written as its value). */
const argon2id = 2;
/** OWASP's argon2id baseline: m = 19 MiB, t = 2, p = 1. */
export const argon2Options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * argon2id over HMAC-SHA-256(pepper, secret). The pepper is outside the table, so a leaked table alone cannot be
 * brute-forced — which matters most for short PINs.
 */
export class PepperedArgon2Hasher implements PasswordHasher {
  private dummy?: Promise<string>;

  constructor(
    private readonly secrets: SecretSource,
    private readonly options = argon2Options,
  ) {}

  async hash(secret: string): Promise<string> {
    return (await argon2()).hash(await this.keyed(secret), this.options);
  }

  /**
   * False for a wrong secret or an unreadable stored hash. A missing pepper or binding throws instead: an outage
   * must not count as a wrong password (and lock accounts).
   */
  async verify(stored: string, secret: string): Promise<boolean> {
    return this.compare(stored, await this.keyed(secret));
  }

  async burn(secret: string): Promise<void> {
    // Same work as `verify` (and the same failures), but not through it: nothing real is evaluated.
    const keyed = await this.keyed(secret);
    await this.compare(await this.dummyHash(), keyed);
  }

  private async compare(stored: string, keyed: string): Promise<boolean> {
    const { verify } = await argon2();
    return verify(stored, keyed).catch(() => false);
  }

  /** A real hash to verify against when there is no credential; a failure to make one is retried next time. */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.hash("latchkey-dummy-credential").catch((error: unknown) => {
      this.dummy = undefined;
      throw error;
    });
    return this.dummy;
  }

  /** Base64, not raw bytes: @node-rs/argon2's `verify` rejects passwords that are not valid UTF-8. */
  private async keyed(secret: string): Promise<string> {
    return createHmac("sha256", await this.secrets.pepper())
      .update(secret, "utf8")
      .digest("base64");
  }
}
