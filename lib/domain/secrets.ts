/** Sizes of the random secrets the service issues. */
export const secretBytes = {
  /** API keys, reset tokens, refresh tokens: ≥ 128 bits; we use 256. */
  token: 32,
} as const;

/** A secret sealed with AES-256-GCM under a data key (see the `SecretBox` port): what records store. */
export type Sealed = {
  /** base64 of IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). */
  data: string;
  /** The data key, encrypted by the key service (KMS in AWS, a local master key locally). */
  key: string;
};
