import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../../lib/api/openapi.js";
import { endpoints } from "../../../lib/endpoints/index.js";
import { routes } from "../../../lib/topology/index.js";

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

const doc = openApiDocument();
const operation = (path: string, method: string) =>
  (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

/** Every `$ref` string anywhere in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      k === "$ref" && typeof v === "string" ? [v] : refsIn(v),
    );
  }
  return [];
}

describe("openApiDocument", () => {
  it("declares OpenAPI 3.1.0", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("lists every topology route under its path and method", () => {
    for (const route of routes) {
      expect(operation(route.path, route.method), `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it("lists no operation that is not a topology route", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("gives every operation a unique operationId", () => {
    const ids = routes.map((r) => operation(r.path, r.method)?.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every $ref to an existing component schema", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/[^/]+$/);
      const name = ref.slice("#/components/schemas/".length);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });

  it("keeps no leftover JSON Schema $defs or zod ids in component schemas", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain("#/$defs/");
    for (const schema of Object.values(doc.components.schemas)) expect(schema).not.toHaveProperty("id");
  });

  it("requires credentials exactly on routes whose contract requires auth", () => {
    for (const route of routes) {
      const op = operation(route.path, route.method);
      const contract = endpoints.find((e) => e.name === route.function);
      expect(contract, route.function).toBeDefined();
      if (contract?.auth === "required") {
        expect(op?.security, route.path).toEqual([{ apiKey: [] }, { session: [] }]);
        expect(op?.responses["401"], route.path).toBeDefined();
      } else {
        expect(op?.security, route.path).toEqual([]);
      }
    }
  });

  it("defines the security schemes operations refer to", () => {
    const used = new Set(
      routes.flatMap((r) => (operation(r.path, r.method)?.security ?? []).flatMap(Object.keys)),
    );
    for (const name of used) expect(doc.components.securitySchemes).toHaveProperty(name);
  });

  it("declares a required path parameter for every {param} in a path", () => {
    for (const route of routes) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation(route.path, route.method)?.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort(), route.path).toEqual(names.sort());
      for (const p of declared) expect(p.required).toBe(true);
    }
  });

  it("declares optional query parameters from the contract's query schema", () => {
    const params = operation("/v1/users", "GET")?.parameters ?? [];
    expect(params.map((p) => `${p.in}:${p.name}:${p.required}`).sort()).toEqual([
      "query:cursor:false",
      "query:limit:false",
      "query:search:false",
    ]);
  });

  it("accepts text/csv as well as JSON for the roster import", () => {
    const content = operation("/v1/roster", "POST")?.requestBody?.content ?? {};
    expect(Object.keys(content).sort()).toEqual(["application/json", "text/csv"]);
    expect(Object.keys(operation("/v1/sessions", "POST")?.requestBody?.content ?? {})).toEqual([
      "application/json",
    ]);
  });

  it("describes get-user's memberOf and teaches even though it extends the shared User schema", () => {
    const schema = operation("/v1/users/{userId}", "GET")?.responses["200"]?.content?.["application/json"]
      ?.schema;
    const resolved =
      typeof schema?.$ref === "string"
        ? doc.components.schemas[schema.$ref.slice("#/components/schemas/".length)]
        : schema;
    expect(Object.keys((resolved as { properties: object }).properties)).toEqual(
      expect.arrayContaining(["userId", "memberOf", "teaches"]),
    );
  });

  it("keeps the shared User component free of the fields get-user adds", () => {
    const user = doc.components.schemas.User as { properties: object } | undefined;
    expect(Object.keys(user?.properties ?? {})).toContain("username");
    expect(user?.properties).not.toHaveProperty("memberOf");
  });

  it("adds the server url only when one is given", () => {
    expect(doc).not.toHaveProperty("servers");
    expect(openApiDocument({ serverUrl: "https://api.example" }).servers).toEqual([
      { url: "https://api.example" },
    ]);
  });
});
