/**
 * Timeouts and retries of every AWS SDK client the functions build. The SDK's defaults wait on a stuck endpoint for
 * as long as the socket allows (minutes), so one paused store made every request run into the function's 10 s
 * timeout and answer a generic 500. Here a call gives up after `requestTimeoutMs` (connecting included, an error
 * the SDK classes as transient), is tried `maxAttempts` times in all (jittered backoff of ≤ 100 ms, 200 ms… between),
 * and then fails fast with an error `isOutage` recognises — the edge answers 503 with `Retry-After` and the queue
 * consumers back off. Worst case for one call: maxAttempts × requestTimeoutMs + backoff (DynamoDB: ~2.1 s).
 */
export type SdkService = "dynamodb" | "sqs" | "ses" | "kms" | "secrets";

export type SdkLimits = { connectionTimeoutMs: number; requestTimeoutMs: number; maxAttempts: number };

/**
 * Per service: DynamoDB and SQS answer in milliseconds (a second is a stuck endpoint); SES and KMS in tens of
 * milliseconds; Secrets Manager is read once per cold start, where a little more patience is cheaper than a failed
 * start.
 */
export const sdkLimits: Record<SdkService, SdkLimits> = {
  dynamodb: { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 },
  sqs: { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 },
  ses: { connectionTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 2 },
  kms: { connectionTimeoutMs: 1000, requestTimeoutMs: 1000, maxAttempts: 2 },
  secrets: { connectionTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 3 },
};

/**
 * The client options for `service`: spread them into the client's constructor options. `override` (from the
 * configuration) replaces the defaults, e.g. for DynamoDB Local, which is far slower than DynamoDB.
 */
export function sdkClientOptions(service: SdkService, override: Partial<SdkLimits> = {}) {
  const limits = { ...sdkLimits[service], ...override };
  return {
    maxAttempts: limits.maxAttempts,
    // The SDK builds its Node HTTP handler from these options; without `throwOnRequestTimeout` a request past
    // `requestTimeout` only logs a warning and keeps waiting.
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
