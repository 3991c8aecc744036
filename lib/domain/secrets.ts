/** Sizes of the random secrets the service issues. */
export const secretBytes = {
  /** API keys, reset tokens, refresh tokens: ≥ 128 bits; we use 256. */
  token: 32,
} as const;
