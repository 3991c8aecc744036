/**
 * Whether an error means "a dependency is unavailable right now" rather than "this request is wrong": an AWS SDK
 * call that timed out, could not connect, was throttled, or got a 5xx after its retries. Such a request may succeed
 * later unchanged, so the HTTP edge answers 503 with `Retry-After` and the queue consumers retry it later (backing
 * off), never dead-lettering it within seconds. Pure: it reads the error's shape (`name`, `code`, `$metadata`,
 * `$retryable`, `$fault`), so every layer may use it without the SDK.
 */
export function isOutage(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  };
  const name = typeof e.name === "string" ? e.name : "";
  const code = typeof e.code === "string" ? e.code : "";
  if (unavailableNames.has(name) || networkCodes.has(code)) return true;
  if (e.$retryable?.throttling) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === "number" && (status >= 500 || status === 429)) return true;
  if (e.$fault === "server") return true;
  // A wrapper (e.g. a port's own error) keeps the SDK's error as its cause.
  return e.cause !== undefined && e.cause !== error && isOutage(e.cause);
}

/** SDK and service error names that mean timeout, throttling or a server fault. */
const unavailableNames = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "InternalServerError",
  "InternalFailure",
  "InternalServerException",
  "InternalError",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "KMSInternalException",
  "TransactionInProgressException",
]);

/** Node's socket errors: the endpoint is unreachable or dropped the connection. */
const networkCodes = new Set([
  "ETIMEDOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

/** Seconds a client should wait before retrying a request refused by an outage (`Retry-After`). */
export const outageRetryAfterSeconds = 5;
