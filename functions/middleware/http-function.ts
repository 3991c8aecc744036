import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy, { type MiddyfiedHandler } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import type { Deps } from "../../lib/app/deps.js";
import { authenticate } from "../../lib/app/sessions/authenticate.js";
import type { Principal } from "../../lib/domain/permissions.js";
import type { Contract } from "../../lib/endpoints/endpoint.js";
import { logger, metrics } from "../observability.js";
import { idempotencyKeyOf } from "./idempotency-key.js";
import { parseRequest } from "./parse-request.js";
import { problemDetails } from "./problem-details.js";
import { observeRoute } from "./route-observation.js";
import { annotateTrace } from "./tracing.js";

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type HttpInput<C extends Contract> = {
  body: Infer<C["body"]>;
  /** Raw text of a `text/csv` body (when the contract accepts CSV); `body` is then undefined. */
  csv?: string;
  query: Infer<C["query"]>;
  params: Infer<C["params"]>;
  /** The `Idempotency-Key` header's key, on routes that take one (`idempotent`), when sent. */
  idempotencyKey?: string;
  principal: C["auth"] extends "required" ? Principal : undefined;
  requestId: string;
  /** The caller's address as API Gateway saw it (per-source limits; never logged). */
  sourceIp: string;
};

/** `body` is sent as JSON; `text` as is (CSV, HTML), with its content type in `headers`. */
export type HttpOutput = { status: number; body?: unknown; text?: string; headers?: Record<string, string> };

/** What checking a caller's credentials needs (`functions/wiring/authentication.ts`). */
export type Authentication = () => Pick<Deps, "tenants" | "sessions" | "sessionRevocations" | "clock">;

type Handle<C extends Contract> = (input: HttpInput<C>) => Promise<HttpOutput>;
type HttpHandler = MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>;

/**
 * Builds a Lambda handler for one route: one fixed middleware order for every HTTP function.
 * logger context → tracer (+ route annotation and count) → metrics → problem+json errors → authenticate →
 * parse (size, content type, JSON, zod) → handler.
 * A route with `auth: required` takes the authentication deps; a public one does not, so its bundle carries none
 * of them.
 */
export function httpFunction<C extends Contract & { auth: "none" }>(
  contract: C,
  handle: Handle<C>,
): HttpHandler;
export function httpFunction<C extends Contract & { auth: "required" }>(
  contract: C,
  authentication: Authentication,
  handle: Handle<C>,
): HttpHandler;
export function httpFunction<C extends Contract>(
  contract: C,
  ...args: [Handle<C>] | [Authentication, Handle<C>]
): HttpHandler {
  const [authentication, handle] = args.length === 1 ? [undefined, args[0]] : args;
  // Fail closed: a route that requires credentials is never served without checking them.
  if (contract.auth === "required" && !authentication)
    throw new Error(`${contract.summary}: needs authentication`);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(observeRoute())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(problemDetails())
    .handler(async (event) => {
      let principal: Principal | undefined;
      let served: (() => Promise<void>) | undefined;
      if (contract.auth === "required" && authentication) {
        const headers = event.headers ?? {};
        // Any Authorization header counts as presented, so it cannot ride along with an API key unnoticed.
        const { authorization } = headers;
        const bearer =
          authorization === undefined ? undefined : (/^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? "");
        ({ principal, served } = await authenticate(authentication(), {
          apiKey: headers["x-api-key"],
          bearer,
        }));
        logger.appendKeys({ tenantId: principal.tenantId, principal: principal.kind });
        annotateTrace({ tenant: principal.tenantId });
      }
      const parsed = parseRequest(contract, event);
      const output = await handle({
        ...parsed,
        idempotencyKey: idempotencyKeyOf(contract, event),
        principal,
        requestId: event.requestContext?.requestId ?? "",
        sourceIp: event.requestContext?.http?.sourceIp ?? "",
      } as HttpInput<C>);
      metrics.addMetric("Http2xx", MetricUnit.Count, 1);
      // Bookkeeping (an API key's last use) only for a served request, and never failing it.
      await served?.().catch((error: unknown) =>
        logger.warn("Could not record the credential's use", { error }),
      );
      return {
        statusCode: output.status,
        headers: {
          ...(output.body === undefined ? {} : { "content-type": "application/json" }),
          "cache-control": "no-store",
          ...output.headers,
        },
        body: output.text ?? (output.body === undefined ? "" : JSON.stringify(output.body)),
      };
    });
}
