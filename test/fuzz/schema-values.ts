import fc from "fast-check";

/** A JSON Schema (2020-12) node as `/v1/openapi.json` carries it (zod's output). */
export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  additionalProperties?: boolean | JsonSchema;
};

/** Resolves `#/components/schemas/…` references against the document the schema came from. */
export type Resolve = (schema: JsonSchema) => JsonSchema;

export function resolver(components: Record<string, JsonSchema>): Resolve {
  return (schema) => {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      current = components[current.$ref.replace("#/components/schemas/", "")] ?? {};
    }
    return current;
  };
}

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** A string matching `pattern` when fast-check can read the expression, else a plain short string. */
function patterned(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return fc.string({ maxLength: 12 });
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(schema.maxLength) ?? 24, 24));
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date-time")
    return fc
      .date({ min: new Date("2020-01-01"), max: new Date("2035-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === "date")
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (typeof schema.pattern === "string") return patterned(schema.pattern);
  return fc.string({ minLength, maxLength, unit: "grapheme-ascii" });
}

/**
 * Values shaped like `schema` says (valid-looking: right types, lengths, enums and patterns where fast-check can
 * follow them). Not guaranteed valid — cross-field rules and refinements are not in the document — which is the
 * point: the service must answer every one of them with a 2xx or a clear 4xx.
 */
export function valueFor(schema: JsonSchema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (depth > 5) return fc.constant(null);
  if ("const" in s) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const choices = s.anyOf ?? s.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => valueFor(c, resolve, depth + 1)));
  if (s.allOf?.[0]) return valueFor(s.allOf[0], resolve, depth + 1);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => valueFor({ ...s, type }, resolve, depth)));
  switch (types[0]) {
    case "string":
      return stringFor(s);
    case "integer": {
      const min = num(s.minimum) ?? (num(s.exclusiveMinimum) ?? -1001) + 1;
      const max = num(s.maximum) ?? (num(s.exclusiveMaximum) ?? 1001) - 1;
      return fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
    }
    case "number":
      return fc.double({ min: num(s.minimum) ?? -1000, max: num(s.maximum) ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const minLength = Math.min(num(s.minItems) ?? 0, 3);
      return fc.array(valueFor(s.items ?? {}, resolve, depth + 1), {
        minLength,
        maxLength: Math.max(minLength, Math.min(num(s.maxItems) ?? 3, 3)),
      });
    }
    case "object":
      return objectOf(s, resolve, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(s: JsonSchema, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  const properties = s.properties ?? {};
  if (Object.keys(properties).length === 0 && typeof s.additionalProperties === "object") {
    return fc.dictionary(fc.string({ maxLength: 8 }), valueFor(s.additionalProperties, resolve, depth + 1), {
      maxKeys: 3,
    });
  }
  const record = Object.fromEntries(
    Object.entries(properties).map(([name, p]) => [name, valueFor(p, resolve, depth + 1)]),
  );
  return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
}

const samples: Record<string, unknown> = {
  string: "not-what-you-expect",
  integer: 42.5,
  number: "12",
  boolean: "true",
  array: { not: "an array" },
  object: ["not", "an", "object"],
  null: 0,
};

/**
 * A value of a JSON type the schema does not allow, or undefined when it allows any (`{}`), so a generated
 * "wrong type" is wrong for sure and the service must refuse it.
 */
export function wrongTypeOf(schema: JsonSchema, resolve: Resolve): unknown {
  const s = resolve(schema);
  const branches = s.anyOf ?? s.oneOf;
  const allowed = new Set(
    branches ? branches.flatMap((b) => typesOf(resolve(b))) : s.enum ? ["enum"] : typesOf(s),
  );
  if (s.enum) return { surprise: "object instead of an enum value" };
  if (allowed.size === 0 || branches?.some((b) => typesOf(resolve(b)).length === 0)) return undefined;
  if (allowed.has("number")) allowed.add("integer");
  const wrong = Object.keys(samples).find((type) => !allowed.has(type));
  if (wrong === "integer" && !allowed.has("string")) return "42";
  return wrong === undefined ? undefined : samples[wrong];
}

/** Awkward text: control characters, bidi overrides, lone surrogates, NUL, very long lines. */
export const nastyStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\r\nBcc: everyone@evil.example",
    "\u202Egnp.exe",
    "\ud800",
    "x\udfffy",
    "%00%zz",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    `$${"{"}jndi:ldap://x}`,
    "\u0007\u001b[31m",
    "🧒🏽‍🚀",
  ),
  fc.string({ unit: "binary", maxLength: 16 }),
);
