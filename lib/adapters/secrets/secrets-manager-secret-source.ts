import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretSource } from "../../ports/secret-source.js";
import { sdkClientOptions } from "../sdk-options.js";

/** Secrets Manager, cached for the life of the execution environment (Powertools Parameters). */
export class SecretsManagerSecretSource implements SecretSource {
  private readonly provider = new SecretsProvider({ clientConfig: sdkClientOptions("secrets") });

  constructor(private readonly arns: { pepper: string; session: string }) {}

  async pepper(): Promise<Buffer> {
    return Buffer.from(await this.read(this.arns.pepper), "utf8");
  }

  async sessionKey(): Promise<Uint8Array> {
    return new Uint8Array(Buffer.from(await this.read(this.arns.session), "utf8"));
  }

  private async read(arn: string): Promise<string> {
    const value = await this.provider.get(arn, { maxAge: 3600 });
    if (typeof value !== "string" || value.length < 32) throw new Error("Secret is missing or too short");
    return value;
  }
}
