import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { DataKeySource } from "../../ports/secret-box.js";

/** The encryption context every data key is bound to; KMS refuses to decrypt a key without it. */
const context = { service: "latchkey", purpose: "sealed-secrets" };

/** AES-256 data keys from KMS `GenerateDataKey`, unwrapped with `Decrypt`. */
export class KmsDataKeys implements DataKeySource {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async generate() {
    const result = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: "AES_256", EncryptionContext: context }),
    );
    if (!result.Plaintext || !result.CiphertextBlob) throw new Error("KMS returned no data key");
    return {
      plaintext: Buffer.from(result.Plaintext),
      encrypted: `kms:${Buffer.from(result.CiphertextBlob).toString("base64")}`,
    };
  }

  async decrypt(encrypted: string): Promise<Buffer> {
    if (!encrypted.startsWith("kms:")) throw new Error("Not a KMS data key");
    const result = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(encrypted.slice("kms:".length), "base64"),
        EncryptionContext: context,
      }),
    );
    if (!result.Plaintext) throw new Error("KMS returned no plaintext");
    return Buffer.from(result.Plaintext);
  }
}
