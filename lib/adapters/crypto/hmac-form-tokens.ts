import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { FormTokens } from "../../ports/form-tokens.js";
import type { SecretSource } from "../../ports/secret-source.js";

/**
 * Form tokens as HMAC-SHA256 of the binding under a key derived (HKDF) from the session signing key: no new secret
 * to provision, and a form token can never be taken for a session token or the other way round.
 */
export class HmacFormTokens implements FormTokens {
  private key?: Promise<Buffer>;

  constructor(private readonly secrets: Pick<SecretSource, "sessionKey">) {}

  async issue(binding: string): Promise<string> {
    return createHmac("sha256", await this.derived())
      .update(binding, "utf8")
      .digest("base64url");
  }

  async verify(binding: string, token: string): Promise<boolean> {
    const expected = Buffer.from(await this.issue(binding), "utf8");
    const given = Buffer.from(token, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private derived(): Promise<Buffer> {
    this.key ??= this.secrets
      .sessionKey()
      .then((key) => Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "latchkey form tokens", 32)));
    return this.key;
  }
}
