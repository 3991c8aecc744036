import type { z } from "zod";
import { type Access, defaultSizing, type FunctionDeclaration } from "../topology/function-declarations.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The HTTP contract of an endpoint: zod schemas validate requests at the edge (`functions/middleware/`) and
 * generate `/v1/openapi.json` (`lib/api/openapi.ts`).
 */
export type Contract = {
  summary: string;
  tag: string;
  /** `none`: public. `required`: an API key (`X-Api-Key`) or a session (`Authorization: Bearer`). */
  auth: "none" | "required";
  body?: z.ZodType;
  /** Also accept `text/csv` bodies (parsed by the handler). */
  csv?: boolean;
  /** An HTML page of the service: `body` is a urlencoded form, the answer and errors are HTML. */
  page?: boolean;
  /** A page whose form may be larger than the default 16 KB, urlencoded (the email layout editor). */
  maxFormBytes?: number;
  query?: z.ZodType;
  params?: z.ZodType;
  /**
   * A bulk start that takes an optional `Idempotency-Key` header (`lib/domain/idempotency.ts`): a retry with the
   * same key gets the first answer instead of a second job. Documented in the OpenAPI description.
   */
  idempotent?: boolean;
  responses: Partial<
    Record<200 | 201 | 202 | 204, { description: string; schema?: z.ZodType; contentType?: string }>
  >;
};

/** The Lambda function behind an endpoint, as declared: what it may touch, and its size when not the default. */
export type EndpointFunction = {
  description: string;
  access: readonly Access[];
  timeoutSeconds?: number;
  memoryMb?: number;
  argon2?: boolean;
};

/** One route as written in a capability file; its name (the key) names the function and its handler module. */
export type EndpointDeclaration = Contract & { method: HttpMethod; path: string; lambda: EndpointFunction };

/** One route, complete: method, path, contract, and the function that serves it (`functions/http/<name>.ts`). */
export type Endpoint = Contract & {
  name: string;
  method: HttpMethod;
  path: string;
  lambda: FunctionDeclaration;
};

type Declared<D extends Record<string, EndpointDeclaration>> = {
  [K in keyof D & string]: Omit<D[K], "lambda"> & { name: K; lambda: FunctionDeclaration };
};

/**
 * Declares a capability's endpoints, keyed by function name. Fills in each function's entry module and default
 * sizing, and keeps the literal types handlers infer their input from.
 */
export function endpoints<const D extends Record<string, EndpointDeclaration>>(declarations: D): Declared<D> {
  return Object.fromEntries(
    Object.entries(declarations).map(([name, declaration]) => {
      const { description, access, ...sizing } = declaration.lambda;
      const lambda: FunctionDeclaration = {
        entry: `functions/http/${name}.ts`,
        description,
        ...defaultSizing,
        access,
        ...sizing,
      };
      return [name, { ...declaration, name, lambda }];
    }),
  ) as Declared<D>;
}
