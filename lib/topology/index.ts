import type { HttpMethod } from "../endpoints/endpoint.js";
import { type Capability, capabilities, type EndpointName, endpoints } from "../endpoints/index.js";
import { type ConsumerName, consumerCapabilities, consumers } from "./consumers.js";
import { type DefaultRouteFunctionName, defaultRouteFunctions } from "./default-route.js";
import type { FunctionDeclaration } from "./function-declarations.js";

export * from "./consumers.js";
export * from "./default-route.js";
export * from "./email-templates.js";
export type { Access, FunctionDeclaration } from "./function-declarations.js";
export * from "./metrics.js";
export * from "./queues.js";
export * from "./table.js";
export type { Capability, HttpMethod };

/** Prefix of every resource the local runtime creates, and the CDK app's stack names. */
export const serviceName = "latchkey";

/**
 * Every Lambda function: one per endpoint (`lib/endpoints/`), one per queue consumer (`consumers.ts`), and the
 * `$default` route's (`default-route.ts`).
 */
export type FunctionName = EndpointName | ConsumerName | DefaultRouteFunctionName;

/**
 * Every Lambda function of the service: its entry module and what it may touch.
 * The CDK app turns each into one `ServiceFunction` with least-privilege grants; the local runtime imports the
 * same entry module and invokes its exported `handler`.
 */
export const functions = {
  ...(Object.fromEntries(endpoints.map((e) => [e.name, e.lambda])) as Record<
    EndpointName,
    FunctionDeclaration
  >),
  ...consumers,
  ...defaultRouteFunctions,
} satisfies Record<FunctionName, FunctionDeclaration>;

/** One HTTP API route: method + path (API Gateway `{param}` syntax) → function. */
export type RouteDeclaration = { method: HttpMethod; path: string; function: FunctionName };

/** Every route, from the endpoint declarations: the CDK app and the local gateway serve exactly these. */
export const routes: readonly RouteDeclaration[] = endpoints.map((e) => ({
  method: e.method,
  path: e.path,
  function: e.name,
}));

/** The capability of every function: the CDK app deploys each capability's functions as one nested stack. */
export const functionCapabilities = {
  ...(Object.fromEntries(
    Object.entries(capabilities).flatMap(([capability, declared]) =>
      Object.keys(declared).map((name) => [name, capability]),
    ),
  ) as Record<EndpointName, Capability>),
  ...consumerCapabilities,
  "unmatched-route": "service",
} satisfies Record<FunctionName, Capability>;
