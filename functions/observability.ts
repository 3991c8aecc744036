import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { metricsNamespace, metricsService } from "../lib/topology/metrics.js";

/**
 * One logger and one metrics publisher per execution environment. Never log events, bodies or headers: they
 * carry passwords, PINs and tokens. Log ids and outcomes only.
 */
export const logger = new Logger({ serviceName: metricsService });
export const metrics = new Metrics({ namespace: metricsNamespace, serviceName: metricsService });
/**
 * X-Ray tracing (Powertools Tracer): active on Lambda, a no-op elsewhere (no `AWS_EXECUTION_ENV`, or
 * `POWERTOOLS_TRACE_ENABLED=false` as the local runtime sets). Handler responses are never recorded: they carry
 * passwords, tokens and reports.
 */
export const tracer = new Tracer({ serviceName: metricsService });
