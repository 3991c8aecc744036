import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import { tick } from "./support.js";

const prefix = "fake-argon2:";

/**
 * A fast, deterministic stand-in for keyed argon2id that counts its work: `verifications` are evaluations of a
 * stored hash (what lockout bounds), `burns` the dummy work done when there is nothing to evaluate.
 */
export class FakeHasher implements PasswordHasher {
  hashes = 0;
  verifications = 0;
  burns = 0;
  /** Stored hashes made with a pepper that is no longer current: `needsRehash` says so for these. */
  readonly stale = new Set<string>();

  async hash(secret: string): Promise<string> {
    this.hashes++;
    await tick();
    return `${prefix}${secret}`;
  }

  async verify(hash: string, secret: string): Promise<boolean> {
    this.verifications++;
    await tick();
    return hash === `${prefix}${secret}`;
  }

  async needsRehash(hash: string): Promise<boolean> {
    await tick();
    return this.stale.has(hash);
  }

  async burn(_secret: string): Promise<void> {
    this.burns++;
    await tick();
  }
}

/** The hash `FakeHasher` stores for a secret, for seeding credentials without a call. */
export const fakeHashOf = (secret: string) => `${prefix}${secret}`;
