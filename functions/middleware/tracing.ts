import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { MiddlewareObj } from "@middy/core";
import { tracer } from "../observability.js";

/** X-Ray annotations (indexed, so traces can be filtered by them): who, which job, which route. */
export type TraceAnnotations = { tenant?: string; job?: string; route?: string };

/** Annotates the invocation's trace; does nothing when tracing is off (locally, in tests). */
export function annotateTrace(annotations: TraceAnnotations): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value === "string" && value.length > 0) tracer.putAnnotation(key, value);
  }
}

/**
 * The tracer of every function, always right after the logger's context: one subsegment per invocation, errors
 * recorded, the response never (it carries secrets). SDK calls are captured where the clients are built
 * (`functions/wiring/`).
 */
export function tracing(): MiddlewareObj {
  return captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj;
}
