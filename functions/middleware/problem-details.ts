import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  AmbiguousCredentialsError,
  AuthenticationError,
  ConflictError,
  DomainError,
  type FieldError,
  ForbiddenError,
  GoneError,
  InvalidTokenError,
  NotFoundError,
  SessionExpiredError,
  TooManyAttemptsError,
  ValidationError,
} from "../../lib/domain/errors.js";
import { IdempotencyInProgressError } from "../../lib/domain/idempotency.js";
import { isOutage, outageRetryAfterSeconds } from "../../lib/shared/outage.js";
import { logger, metrics } from "../observability.js";

/** An error found at the HTTP edge (bad JSON, wrong content type, schema violations). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

export const statusOf = (error: DomainError): number => {
  if (error instanceof ValidationError) return 422;
  if (error instanceof AuthenticationError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof GoneError) return 410;
  if (error instanceof TooManyAttemptsError) return 429;
  return 400;
};

/**
 * RFC 6750 §3: a missing credential gets a bare `Bearer` challenge (no error code), a presented token that fails
 * `invalid_token` (saying so when it expired), two credentials at once `invalid_request`.
 */
function bearerChallenge(error: DomainError, status: number): string | undefined {
  if (error instanceof AmbiguousCredentialsError) return 'Bearer error="invalid_request"';
  if (error instanceof SessionExpiredError)
    return 'Bearer error="invalid_token", error_description="The session has expired"';
  if (error instanceof InvalidTokenError) return 'Bearer error="invalid_token"';
  return status === 401 ? "Bearer" : undefined;
}

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export function problemResponse(
  status: number,
  code: string,
  detail: string,
  options: {
    title?: string;
    errors?: readonly FieldError[];
    instance?: string;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...options.headers },
    body: JSON.stringify({
      type: `urn:latchkey:problem:${code}`,
      title: options.title ?? titles[status] ?? "Error",
      status,
      detail,
      ...(options.instance ? { instance: options.instance } : {}),
      ...(options.errors?.length ? { errors: options.errors } : {}),
    }),
  };
}

/**
 * The one place errors become HTTP responses (RFC 9457 problem+json). Domain and edge errors expose their
 * message (all < 500); a dependency that is unavailable (timeout, throttling, 5xx: `isOutage`) is a generic 503
 * with `Retry-After` — the client may send the same request again; anything else is logged and answered with a
 * generic 500.
 */
export function problemDetails(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    name: "problemDetails",
    onError: (request) => {
      const error = request.error;
      metrics.addMetric(
        error instanceof HttpProblem || error instanceof DomainError ? "Http4xx" : "Http5xx",
        MetricUnit.Count,
        1,
      );
      const instance = request.event.requestContext?.requestId;
      if (error instanceof HttpProblem) {
        request.response = problemResponse(error.status, error.code, error.message, {
          title: error.title,
          errors: error.errors,
          instance,
        });
      } else if (error instanceof DomainError) {
        const status = statusOf(error);
        const errors = error instanceof ValidationError || error instanceof ConflictError ? error.errors : [];
        const challenge = bearerChallenge(error, status);
        const headers: Record<string, string> = challenge ? { "www-authenticate": challenge } : {};
        if (error instanceof TooManyAttemptsError) headers["retry-after"] = String(error.retryAfterSeconds);
        if (error instanceof IdempotencyInProgressError) headers["retry-after"] = "1";
        request.response = problemResponse(status, error.code, error.message, { errors, instance, headers });
      } else if (isOutage(error)) {
        request.response = unavailableResponse(error, instance);
      } else {
        logger.error("Unhandled error", error as Error);
        request.response = problemResponse(500, "internal", "The request could not be completed.", {
          instance,
        });
      }
    },
  };
}

/** A dependency is unavailable: logged by name only (no request data), answered with a generic 503. */
function unavailableResponse(error: unknown, instance: string | undefined) {
  logger.error("Dependency unavailable", { error: (error as Error).name, reason: (error as Error).message });
  return problemResponse(
    503,
    "unavailable",
    "The service is briefly unavailable. Please try again shortly.",
    {
      instance,
      headers: { "retry-after": String(outageRetryAfterSeconds) },
    },
  );
}
