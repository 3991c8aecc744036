import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { idempotencyKeyHeader, parseIdempotencyKey } from "../../lib/domain/idempotency.js";
import type { Contract } from "../../lib/endpoints/endpoint.js";
import { HttpProblem } from "./problem-details.js";

/**
 * The `Idempotency-Key` of a request to a route that takes one (`idempotent: true`): undefined when absent (the
 * header is optional), refused with 400 problem+json when it is not 1–255 printable ASCII characters. Other routes
 * ignore the header, as they ignore any other they do not know.
 */
export function idempotencyKeyOf(contract: Contract, event: APIGatewayProxyEventV2): string | undefined {
  if (!contract.idempotent) return undefined;
  const value = event.headers?.[idempotencyKeyHeader.toLowerCase()];
  if (value === undefined) return undefined;
  const key = parseIdempotencyKey(value);
  if (key === undefined) {
    throw new HttpProblem(
      400,
      "invalid-idempotency-key",
      "Invalid request",
      `The ${idempotencyKeyHeader} header must be 1 to 255 printable ASCII characters (a UUID, for example).`,
      [{ pointer: "#header/idempotency-key", detail: "1 to 255 printable ASCII characters" }],
    );
  }
  return key;
}
