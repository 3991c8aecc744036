import { EnvelopeSecretBox } from "../../lib/adapters/crypto/envelope-secret-box.js";
import { LocalDataKeys } from "../../lib/adapters/crypto/local-data-keys.js";
import { sdkClientOptions } from "../../lib/adapters/sdk-options.js";
import type { Deps } from "../../lib/app/deps.js";
import { config, sdkOverride } from "../../lib/config.js";
import type { DataKeySource } from "../../lib/ports/secret-box.js";
import { tracer } from "../observability.js";
import { localSecrets } from "./local.js";

/**
 * Sealing and opening secrets (`kms:data-key`): envelope encryption under data keys from KMS in AWS, whose client
 * is loaded on the first seal or open (not at cold start), or from the local key file.
 */
let box: Deps["secretBox"] | undefined;

function kmsDataKeys(keyId: string, region: string): DataKeySource {
  let loading: Promise<DataKeySource> | undefined;
  const load = () => {
    loading ??= Promise.all([
      import("@aws-sdk/client-kms"),
      import("../../lib/adapters/kms/kms-data-keys.js"),
    ]).then(
      ([{ KMSClient }, { KmsDataKeys }]) =>
        new KmsDataKeys(
          tracer.captureAWSv3Client(new KMSClient({ region, ...sdkClientOptions("kms", sdkOverride()) })),
          keyId,
        ),
    );
    return loading;
  };
  return {
    generate: async () => (await load()).generate(),
    decrypt: async (encrypted) => (await load()).decrypt(encrypted),
  };
}

export const secretBox = () => {
  if (!box) {
    const files = localSecrets();
    // Only functions granted the data key get DATA_KEY_ID; the others never seal or open a secret.
    const keys = files
      ? new LocalDataKeys(() => files.masterKey())
      : kmsDataKeys(config().DATA_KEY_ID ?? "", config().AWS_REGION);
    box = new EnvelopeSecretBox(keys);
  }
  return box;
};
