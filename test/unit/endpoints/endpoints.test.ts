import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { endpoints } from "../../../lib/endpoints/index.js";
import { consumers, defaultRouteFunctions, functions, queues, routes } from "../../../lib/topology/index.js";

const root = join(import.meta.dirname, "..", "..", "..");
const modulesIn = (folder: string) =>
  readdirSync(join(root, folder))
    .filter((file) => file.endsWith(".ts"))
    .map((file) => `${folder}/${file}`);

describe("endpoint declarations", () => {
  it("name every function once", () => {
    const names = endpoints.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.keys(consumers)) expect(names).not.toContain(name);
  });

  it("declare each method and path once", () => {
    const keys = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("have a handler module for every endpoint and an endpoint for every handler module", () => {
    // The `$default` route's function is an HTTP function without an endpoint of its own.
    const unmatched = Object.values(defaultRouteFunctions).map((f) => f.entry);
    const entries = [...endpoints.map((e) => e.lambda.entry), ...unmatched].sort();
    expect(entries).toEqual(modulesIn("functions/http").sort());
  });

  it("have a module for every queue consumer and a consumer for every queue module", () => {
    const entries = Object.values(consumers)
      .map((c) => c.entry)
      .sort();
    expect(entries).toEqual(modulesIn("functions/queue").sort());
    for (const entry of entries) expect(existsSync(join(root, entry))).toBe(true);
  });

  it("derive the topology's functions and routes from the same entries", () => {
    expect(Object.keys(functions).sort()).toEqual(
      [
        ...endpoints.map((e) => e.name),
        ...Object.keys(consumers),
        ...Object.keys(defaultRouteFunctions),
      ].sort(),
    );
    expect(routes.map((r) => `${r.method} ${r.path} ${r.function}`)).toEqual(
      endpoints.map((e) => `${e.method} ${e.path} ${e.name}`),
    );
    for (const endpoint of endpoints) expect(functions[endpoint.name]).toBe(endpoint.lambda);
  });

  it("consume every queue with a declared consumer", () => {
    for (const queue of Object.values(queues)) {
      expect(consumers[queue.consumer]).toBeDefined();
      expect(consumers[queue.deadLetterConsumer]).toBeDefined();
    }
  });
});
