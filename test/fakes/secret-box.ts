import type { Sealed, SecretBox } from "../../lib/ports/secret-box.js";
import { tick } from "./support.js";

/**
 * A transparent stand-in for the envelope secret box: fast and deterministic, but it keeps the contract that
 * matters to use cases — a sealed value opens only with the AAD it was sealed under.
 */
export class FakeSecretBox implements SecretBox {
  seals = 0;
  opens = 0;

  async seal(plaintext: string, aad: string): Promise<Sealed> {
    this.seals++;
    await tick();
    return { data: Buffer.from(JSON.stringify({ plaintext, aad })).toString("base64"), key: "fake-data-key" };
  }

  async open(sealed: Sealed, aad: string): Promise<string> {
    this.opens++;
    await tick();
    const box = JSON.parse(Buffer.from(sealed.data, "base64").toString("utf8")) as {
      plaintext: string;
      aad: string;
    };
    if (sealed.key !== "fake-data-key" || box.aad !== aad)
      throw new Error("Unsupported state or unable to authenticate data");
    return box.plaintext;
  }
}
