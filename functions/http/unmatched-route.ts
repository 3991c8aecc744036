import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { unmatchedAnswer } from "../../lib/api/unmatched-route.js";
import { problemResponse } from "../middleware/problem-details.js";
import { logger, metrics } from "../observability.js";

const titles = { 400: "Bad request", 404: "Not found", 405: "Method not allowed" } as const;

/**
 * The HTTP API's `$default` route (and the local gateway's answer for the same requests): a request no declared
 * route serves gets problem+json 404, 405 with `Allow`, or 400 for a path that must never be routed. It reads
 * only the method and the raw path: no credentials, no body, nothing stored.
 */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async (event) => {
    const method = event.requestContext?.http?.method ?? "GET";
    const answer = unmatchedAnswer(method, event.rawPath ?? "/");
    metrics.addMetric("Http4xx", MetricUnit.Count, 1);
    return problemResponse(answer.status, answer.code, answer.detail, {
      title: titles[answer.status],
      instance: event.requestContext?.requestId,
      ...(answer.allow && { headers: { allow: answer.allow.join(", ") } }),
    });
  });
