import fc from "fast-check";
import {
  type JsonSchema,
  nastyStrings,
  type Resolve,
  resolver,
  valueFor,
  wrongTypeOf,
} from "./schema-values.js";

/** One operation of `/v1/openapi.json`, as the fuzzer needs it. */
export type Operation = {
  method: string;
  path: string;
  operationId: string;
  auth: boolean;
  /** An HTML page: its errors are pages, its bodies urlencoded forms. */
  page: boolean;
  pathParams: { name: string; schema: JsonSchema }[];
  queryParams: { name: string; required: boolean; schema: JsonSchema }[];
  body?: { contentType: string; schema: JsonSchema; csv: boolean };
};

type OpenApi = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** Every operation the document declares, and how to resolve its schemas' references. */
export function operationsOf(document: OpenApi): { operations: Operation[]; resolve: Resolve } {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as {
        name: string;
        in: string;
        required: boolean;
        schema: JsonSchema;
      }[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      const contentType = content && Object.keys(content).find((type) => type !== "text/csv");
      const errors = (op.responses as Record<string, { content?: Record<string, unknown> }>)["400"];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        auth: (op.security as unknown[]).length > 0,
        page: Boolean(errors?.content?.["text/html"]),
        pathParams: parameters.filter((p) => p.in === "path"),
        queryParams: parameters.filter((p) => p.in === "query"),
        ...(content && contentType
          ? {
              body: {
                contentType,
                schema: content[contentType]?.schema ?? {},
                csv: "text/csv" in content,
              },
            }
          : {}),
      });
    }
  }
  return { operations, resolve: resolver(document.components.schemas) };
}

/** Who the request claims to be. The first two are valid credentials of the test tenant. */
export const credentials = [
  "apiKey",
  "session",
  "none",
  "garbageBearer",
  "forgedJwt",
  "expiredSession",
  "wrongApiKey",
  "otherTenantShapedKey",
  "apiKeyAndSession",
] as const;
export type Credential = (typeof credentials)[number];
export const validCredentials: readonly Credential[] = ["apiKey", "session"];

/** How a path parameter is spelled: a real id of the test tenant, a schema-shaped one, or an edge case. */
export type PathValue =
  | { kind: "known" | "shaped" | "nasty"; value: string }
  | { kind: "badPercent" | "dotSegment" | "slash" | "empty" | "huge"; raw: string };

/** What is done to the body (valid-looking or broken) and to its content type. */
export type BodyPlan =
  | { kind: "valid" | "nastyField" | "lengthEdge"; value: unknown }
  | { kind: "missingRequired" | "extraField" | "wrongType" | "wrongRootType"; value: unknown }
  | { kind: "proto"; value: unknown }
  | { kind: "raw"; raw: "notJson" | "badUtf8" | "empty" | "overLimit" | "truncated" };

export type ContentTypePlan = "declared" | "missing" | "textPlain" | "multipart" | "charsetParam" | "csv";

export type RequestPlan = {
  credential: Credential;
  pathValues: Record<string, PathValue>;
  query: Record<string, string>;
  /** An undeclared query parameter was added. */
  extraQuery: boolean;
  body?: BodyPlan;
  contentType: ContentTypePlan;
  /** A page form's `csrf` field: a token the service issued for this session (or browser), none, or made up. */
  csrf: "valid" | "missing" | "forged";
};

/** Just under the functions' 1 MB limit (the raw `overLimit` body goes just over it). */
const underLimit = "y".repeat(1024 * 1024 - 256);

function pathValue(param: { name: string; schema: JsonSchema }, resolve: Resolve, known: string[]) {
  const shaped = valueFor(param.schema, resolve).map(
    (value): PathValue => ({ kind: "shaped", value: String(value) }),
  );
  const real = known.length
    ? fc.constantFrom(...known).map((value): PathValue => ({ kind: "known", value }))
    : shaped;
  return fc.oneof(
    { weight: 3, arbitrary: real },
    { weight: 2, arbitrary: shaped },
    { weight: 2, arbitrary: nastyStrings.map((value): PathValue => ({ kind: "nasty", value })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("%", "%zz", "%E0%A4%A", "%C0%AF", "%FF%FE", "%ED%A0%80")
        .map((raw): PathValue => ({ kind: "badPercent", raw })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(".", "..", "%2e%2e", "%2E", ".%2e")
        .map((raw): PathValue => ({ kind: "dotSegment", raw })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("a%2Fb", "a/b").map((raw): PathValue => ({ kind: "slash", raw })),
    },
    { weight: 1, arbitrary: fc.constant<PathValue>({ kind: "empty", raw: "" }) },
    // Long, yet two of them and a session cookie stay under Node's 16 KB of request head: past it the local
    // gateway's server (like API Gateway's own 431) answers before any route, outside what a function can shape.
    { weight: 1, arbitrary: fc.constant<PathValue>({ kind: "huge", raw: "u".repeat(4000) }) },
  );
}

function bodyPlan(op: Operation, resolve: Resolve): fc.Arbitrary<BodyPlan> {
  const schema = resolve(op.body?.schema ?? {});
  const valid = valueFor(schema, resolve);
  const properties = Object.keys(schema.properties ?? {});
  const object = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const withField = (value: fc.Arbitrary<unknown>) =>
    properties.length
      ? fc
          .tuple(valid, fc.constantFrom(...properties), value)
          .map(([v, key, field]) => ({ ...object(v), [key]: field }))
      : valid;
  const plans: fc.Arbitrary<BodyPlan>[] = [
    valid.map((value) => ({ kind: "valid", value })),
    withField(nastyStrings).map((value) => ({ kind: "nastyField", value })),
    withField(fc.constantFrom(underLimit, "z".repeat(70_000))).map((value) => ({
      kind: "lengthEdge",
      value,
    })),
    valid.map((v) => ({ kind: "extraField", value: { ...object(v), unexpectedField: 1 } })),
    // JSON.parse makes `__proto__` an own key (an object literal would set the prototype), so it is sent as such.
    valid.map((v) => {
      const rest = JSON.stringify(object(v));
      const proto = '"__proto__":{"isAdmin":true}';
      const value = JSON.parse(rest === "{}" ? `{${proto}}` : `{${proto},${rest.slice(1)}`);
      return { kind: "proto", value };
    }),
    fc
      .constantFrom("notJson", "badUtf8", "empty", "overLimit", "truncated")
      .map((raw) => ({ kind: "raw", raw })),
  ];
  const rootWrong = wrongTypeOf(schema, resolve);
  if (rootWrong !== undefined) plans.push(fc.constant({ kind: "wrongRootType", value: rootWrong }));
  const required = (schema.required ?? []).filter((k) => properties.includes(k));
  if (required.length) {
    plans.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([v, key]) => {
        const { [key]: _dropped, ...rest } = object(v);
        return { kind: "missingRequired", value: rest };
      }),
    );
  }
  const typed = properties.filter((k) => wrongTypeOf(schema.properties?.[k] ?? {}, resolve) !== undefined);
  if (typed.length) {
    plans.push(
      fc.tuple(valid, fc.constantFrom(...typed)).map(([v, key]) => ({
        kind: "wrongType",
        value: { ...object(v), [key]: wrongTypeOf(schema.properties?.[key] ?? {}, resolve) },
      })),
    );
  }
  return fc.oneof(...plans);
}

/** Requests for one operation: every credential, path, query and body variant above, valid-looking or broken. */
export function requestPlans(op: Operation, resolve: Resolve, known: Record<string, string[]>) {
  const pathValues = fc.record(
    Object.fromEntries(op.pathParams.map((p) => [p.name, pathValue(p, resolve, known[p.name] ?? [])])),
  ) as fc.Arbitrary<Record<string, PathValue>>;
  const query = fc.record(
    Object.fromEntries(
      op.queryParams.map((p) => [
        p.name,
        fc
          .oneof(
            { weight: 4, arbitrary: valueFor(p.schema, resolve) },
            { weight: 1, arbitrary: nastyStrings },
          )
          .map(String),
      ]),
    ),
    { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) },
  ) as fc.Arbitrary<Record<string, string>>;
  return fc.record({
    credential: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...validCredentials) },
      { weight: 2, arbitrary: fc.constantFrom(...credentials) },
    ),
    pathValues,
    query,
    extraQuery: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    body: op.body ? bodyPlan(op, resolve) : fc.constant(undefined),
    csrf: fc.oneof(
      { weight: 4, arbitrary: fc.constant("valid" as const) },
      { weight: 1, arbitrary: fc.constantFrom("missing" as const, "forged" as const) },
    ),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant<ContentTypePlan>("declared") },
      {
        weight: 1,
        arbitrary: fc.constantFrom<ContentTypePlan>(
          "missing",
          "textPlain",
          "multipart",
          "charsetParam",
          "csv",
        ),
      },
    ),
  }) satisfies fc.Arbitrary<RequestPlan>;
}
