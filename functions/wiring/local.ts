import { FileSecretSource } from "../../lib/adapters/secrets/file-secret-source.js";
import { config } from "../../lib/config.js";

/** The emulators of the local runtime accept any credentials; these keep the SDK from looking for real ones. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

let files: FileSecretSource | undefined;

/** The local runtime's key file (pepper, session key, master key), when this process runs locally. */
export const localSecrets = (): FileSecretSource | undefined => {
  const path = config().LOCAL_SECRETS_FILE;
  if (path) files ??= new FileSecretSource(path);
  return files;
};
