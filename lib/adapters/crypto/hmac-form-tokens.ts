import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { currentKey } from "../../domain/key-ring.js";
import type { FormTokens } from "../../ports/form-tokens.js";
import type { SecretSource } from "../../ports/secret-source.js";

/**
 * Form tokens as HMAC-SHA256 of the binding under a key derived (HKDF) from the session signing key: no new secret
 * to provision, and a form token can never be taken for a session token or the other way round. Issued with the
 * current session key; accepted under any key still in the ring, so a rotation does not break a form already open.
 */
export class HmacFormTokens implements FormTokens {
  private readonly derived = new WeakMap<Uint8Array, Buffer>();

  constructor(private readonly secrets: Pick<SecretSource, "sessionKey">) {}

  async issue(binding: string): Promise<string> {
    return this.mac(currentKey(await this.secrets.sessionKey()), binding);
  }

  async verify(binding: string, token: string): Promise<boolean> {
    const ring = await this.secrets.sessionKey();
    const given = Buffer.from(token, "utf8");
    let valid = false;
    for (const key of ring.keys.values()) {
      const expected = Buffer.from(this.mac(key, binding), "utf8");
      // Every key is tried (no early exit), so timing does not tell which one matched.
      if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
    }
    return valid;
  }

  private mac(sessionKey: Uint8Array, binding: string): string {
    return createHmac("sha256", this.formKey(sessionKey)).update(binding, "utf8").digest("base64url");
  }

  private formKey(sessionKey: Uint8Array): Buffer {
    let key = this.derived.get(sessionKey);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", sessionKey, Buffer.alloc(0), "latchkey form tokens", 32));
      this.derived.set(sessionKey, key);
    }
    return key;
  }
}
