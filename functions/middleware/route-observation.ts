import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { routeFamily } from "../../lib/config.js";
import { metricsNamespace, metricsService, routeFamilyMetrics } from "../../lib/topology/metrics.js";
import { annotateTrace, tracing } from "./tracing.js";

type RouteMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

let familyMetrics: Metrics | undefined;

/**
 * Counts the answer by outcome for the dashboard's route-family rows: its own metrics publisher, whose default
 * dimensions add the family (set by the CDK app in `LATCHKEY_ROUTE_FAMILY`), published at once as one line, so
 * the handler's own metrics keep their dimensions. Runs outside the problem+json middleware: it sees the final
 * status either way.
 */
function countByRouteFamily(): RouteMiddleware {
  const count = (status: number) => {
    const family = routeFamily();
    if (!family) return;
    familyMetrics ??= new Metrics({
      namespace: metricsNamespace,
      serviceName: metricsService,
      defaultDimensions: { [routeFamilyMetrics.dimension]: family },
    });
    familyMetrics.addMetric(routeFamilyMetrics.requests, MetricUnit.Count, 1);
    if (status >= 400 && status < 500)
      familyMetrics.addMetric(routeFamilyMetrics.clientErrors, MetricUnit.Count, 1);
    if (status >= 500) familyMetrics.addMetric(routeFamilyMetrics.serverErrors, MetricUnit.Count, 1);
    familyMetrics.publishStoredMetrics();
  };
  return {
    before: (request) => annotateTrace({ route: request.event.routeKey }),
    after: (request) => count(request.response?.statusCode ?? 200),
    onError: (request) => count(request.response?.statusCode ?? 500),
  };
}

/**
 * What every HTTP function and page adds after the logger's context, in this order: the tracer, then the route's
 * trace annotation and its count by outcome.
 */
export function observeRoute(): RouteMiddleware[] {
  return [tracing() as RouteMiddleware, countByRouteFamily()];
}
