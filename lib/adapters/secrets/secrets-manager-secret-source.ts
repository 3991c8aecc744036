import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { type KeyRing, keyRingOf } from "../../domain/key-ring.js";
import type { ReadOptions, SecretSource } from "../../ports/secret-source.js";
import { sdkClientOptions } from "../sdk-options.js";

/** A key id this environment does not know reads the secret again at most this often. */
const freshReadIntervalMs = 60_000;

/** Each key of a ring is at least this many characters (the generated secrets have 64). */
const minKeyChars = 32;

/**
 * Secrets Manager, cached for the life of the execution environment (Powertools Parameters). A secret is either
 * the bare generated string (the legacy key, id "1") or a JSON ring `{"current":"2","keys":{"1":"…","2":"…"}}`;
 * each key is used as its UTF-8 bytes, as the bare string always was.
 */
export class SecretsManagerSecretSource implements SecretSource {
  private readonly provider = new SecretsProvider({ clientConfig: sdkClientOptions("secrets") });

  /** When each secret was last read past the cache, so a stream of unknown key ids reads it once a minute at most. */
  private readonly forcedAt = new Map<string, number>();

  constructor(private readonly arns: { pepper: string; session: string }) {}

  pepper(options?: ReadOptions): Promise<KeyRing> {
    return this.read(this.arns.pepper, options);
  }

  sessionKey(options?: ReadOptions): Promise<KeyRing> {
    return this.read(this.arns.session, options);
  }

  private async read(arn: string, options: ReadOptions = {}): Promise<KeyRing> {
    const now = Date.now();
    const forceFetch = options.fresh === true && now - (this.forcedAt.get(arn) ?? 0) >= freshReadIntervalMs;
    if (forceFetch) this.forcedAt.set(arn, now);
    const value = await this.provider.get(arn, { maxAge: 3600, forceFetch });
    if (typeof value !== "string") throw new Error("Secret is missing");
    return parseStoredSecret(value);
  }
}

/** A secret's string as stored: JSON when it is a ring (it starts with `{`), else the bare legacy key. */
export function parseStoredSecret(value: string): KeyRing {
  let stored: unknown = value;
  if (value.trimStart().startsWith("{")) {
    try {
      stored = JSON.parse(value);
    } catch {
      // JSON.parse's message quotes the text around the fault, which is key material: never let it reach a log.
      throw new Error("The secret is not a valid key ring (JSON)");
    }
  }
  return keyRingOf(stored, (key) => new Uint8Array(Buffer.from(key, "utf8")), minKeyChars);
}
