import { argon2Options, PepperedArgon2Hasher } from "../../lib/adapters/crypto/argon2-hasher.js";
import { HmacFormTokens } from "../../lib/adapters/crypto/hmac-form-tokens.js";
import { JwtSessionIssuer } from "../../lib/adapters/crypto/jwt-session-issuer.js";
import type { Deps } from "../../lib/app/deps.js";
import { config } from "../../lib/config.js";
import type { FormTokens } from "../../lib/ports/form-tokens.js";
import type { SecretSource } from "../../lib/ports/secret-source.js";
import { localSecrets } from "./local.js";

/**
 * What needs the service's secrets: the peppered hasher (`secret:pepper`) and the session issuer
 * (`secret:session`). In AWS the secrets come from Secrets Manager, whose client is loaded on the first read (not
 * at cold start); locally from the runtime's key file.
 */
let source: SecretSource | undefined;
const built: Partial<Deps> = {};

const secrets = (): SecretSource => {
  source ??=
    localSecrets() ??
    secretsManager({
      pepper: config().PEPPER_SECRET_ARN ?? "",
      session: config().SESSION_SECRET_ARN ?? "",
    });
  return source;
};

function secretsManager(arns: { pepper: string; session: string }): SecretSource {
  let loading: Promise<SecretSource> | undefined;
  const load = () => {
    loading ??= import("../../lib/adapters/secrets/secrets-manager-secret-source.js").then(
      ({ SecretsManagerSecretSource }) => new SecretsManagerSecretSource(arns),
    );
    return loading;
  };
  return {
    pepper: async () => (await load()).pepper(),
    sessionKey: async () => (await load()).sessionKey(),
  };
}

export const hasher = () => (built.hasher ??= new PepperedArgon2Hasher(secrets(), argon2Options));
export const sessions = () =>
  (built.sessions ??= new JwtSessionIssuer(secrets(), config().SESSION_TTL_SECONDS));
/** The hosted pages' form (CSRF) tokens: keyed from the session key, so they need `secret:session` too. */
export const formTokens = () => (builtFormTokens ??= new HmacFormTokens(secrets()));
let builtFormTokens: FormTokens | undefined;
