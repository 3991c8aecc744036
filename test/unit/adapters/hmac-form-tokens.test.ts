import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HmacFormTokens } from "../../../lib/adapters/crypto/hmac-form-tokens.js";
import { singleKeyRing } from "../../../lib/domain/key-ring.js";

const tokens = (fill: number) =>
  new HmacFormTokens({ sessionKey: async () => singleKeyRing(new Uint8Array(32).fill(fill)) });

describe("HmacFormTokens", () => {
  it("verifies a token only for the binding it was issued for", async () => {
    const forms = tokens(1);
    const token = await forms.issue("session:abc");
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(await forms.verify("session:abc", token)).toBe(true);
    expect(await forms.verify("session:abd", token)).toBe(false);
    expect(await forms.verify("browser:abc", token)).toBe(false);
  });

  it("refuses a token made with another key, a truncated one and an empty one without throwing", async () => {
    const token = await tokens(1).issue("session:abc");
    expect(await tokens(2).verify("session:abc", token)).toBe(false);
    expect(await tokens(1).verify("session:abc", token.slice(0, -1))).toBe(false);
    expect(await tokens(1).verify("session:abc", "")).toBe(false);
  });

  it("is not the session key's own signature: the key is derived for forms", async () => {
    const plain = createHmac("sha256", Buffer.alloc(32, 1)).update("session:abc").digest("base64url");
    expect(await tokens(1).issue("session:abc")).not.toBe(plain);
  });
});
