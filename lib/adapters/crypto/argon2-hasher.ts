import { createHmac } from "node:crypto";
import { currentKey, legacyKeyId } from "../../domain/key-ring.js";
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
 * A stored hash names the pepper it was keyed with: `$pepper=<id>` before the argon2 string, or nothing for the
 * legacy pepper (id "1": every hash written before pepper ids, and still every hash while "1" is current).
 */
const pepperPrefix = /^\$pepper=([A-Za-z0-9_-]{1,32})(?=\$)/;

/** The pepper id a stored hash was made with, and its argon2 string. */
export function splitPepperId(stored: string): { pepperId: string; argon2Hash: string } {
  const match = pepperPrefix.exec(stored);
  return match
    ? { pepperId: match[1] as string, argon2Hash: stored.slice(match[0].length) }
    : { pepperId: legacyKeyId, argon2Hash: stored };
}

/**
 * argon2id over HMAC-SHA-256(pepper, secret). The pepper is outside the table, so a leaked table alone cannot be
 * brute-forced — which matters most for short PINs. Peppers rotate: new hashes use the current one and record its
 * id; a hash is verified with the pepper its id names, and one whose pepper is no longer listed never verifies.
 */
export class PepperedArgon2Hasher implements PasswordHasher {
  private dummy?: Promise<string>;

  constructor(
    private readonly secrets: SecretSource,
    private readonly options = argon2Options,
  ) {}

  async hash(secret: string): Promise<string> {
    const ring = await this.secrets.pepper();
    const hashed = await (await argon2()).hash(keyed(currentKey(ring), secret), this.options);
    return ring.current === legacyKeyId ? hashed : `$pepper=${ring.current}${hashed}`;
  }

  /**
   * False for a wrong secret, an unreadable stored hash, or one whose pepper id is no longer listed (fails closed,
   * like a wrong secret: the owner resets it). A missing secret or binding throws instead: an outage must not count
   * as a wrong password (and lock accounts).
   */
  async verify(stored: string, secret: string): Promise<boolean> {
    const { pepperId, argon2Hash } = splitPepperId(stored);
    // A pepper id this environment's cached ring lacks may be newer than the cache (a rotation): read it again once.
    const pepper =
      (await this.secrets.pepper()).keys.get(pepperId) ??
      (await this.secrets.pepper({ fresh: true })).keys.get(pepperId);
    if (!pepper) {
      await this.burn(secret);
      return false;
    }
    return this.compare(argon2Hash, keyed(pepper, secret));
  }

  /** Whether a stored hash was made with a pepper other than the current one (rehash it once the secret is known). */
  async needsRehash(stored: string): Promise<boolean> {
    return splitPepperId(stored).pepperId !== (await this.secrets.pepper()).current;
  }

  async burn(secret: string): Promise<void> {
    // Same work as `verify` (and the same failures), but not through it: nothing real is evaluated.
    const key = currentKey(await this.secrets.pepper());
    await this.compare(splitPepperId(await this.dummyHash()).argon2Hash, keyed(key, secret));
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
}

/** Base64, not raw bytes: @node-rs/argon2's `verify` rejects passwords that are not valid UTF-8. */
function keyed(pepper: Uint8Array, secret: string): string {
  return createHmac("sha256", pepper).update(secret, "utf8").digest("base64");
}
