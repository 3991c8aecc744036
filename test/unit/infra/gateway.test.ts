import { describe, expect, it } from "vitest";
import { routes } from "../../../lib/topology/index.js";

const listeningServers = () => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

// Imported here, after counting, to check that importing the module starts no server.
const serversBefore = listeningServers();
const { matchRoute, startGateway } = await import("../../../infra/local/gateway.js");
const serversAfterImport = listeningServers();

/** A concrete request path for a route template, with `{name}` replaced by `sample-<name>`. */
const samplePath = (template: string) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => `sample-${name}`);

describe("matchRoute", () => {
  it("starts no server when the module is imported", () => {
    expect(typeof startGateway).toBe("function");
    expect(serversAfterImport).toBe(serversBefore);
  });

  it("matches every topology route with sample parameters", () => {
    for (const route of routes) {
      const found = matchRoute(route.method, samplePath(route.path));
      expect(found?.route.function, `${route.method} ${route.path}`).toBe(route.function);
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      expect(found?.params).toEqual(Object.fromEntries(names.map((n) => [n, `sample-${n}`])));
    }
  });

  it("tells apart routes that share a path by method", () => {
    expect(matchRoute("GET", "/v1/tenant")?.route.function).toBe("get-tenant");
    expect(matchRoute("PATCH", "/v1/tenant")?.route.function).toBe("update-tenant");
  });

  it("decodes URL-encoded path parameters", () => {
    expect(matchRoute("GET", "/v1/users/ada%20lovelace-1")?.params).toEqual({ userId: "ada lovelace-1" });
    expect(matchRoute("GET", "/v1/groups/y%C3%A9ar-3/members")?.params).toEqual({ groupId: "yéar-3" });
  });

  it("returns undefined when the method is not declared for the path", () => {
    expect(matchRoute("DELETE", "/v1/users/u1")).toBeUndefined();
    expect(matchRoute("POST", "/v1/health")).toBeUndefined();
  });

  it("returns undefined for unknown paths and near misses", () => {
    expect(matchRoute("GET", "/v1/nope")).toBeUndefined();
    expect(matchRoute("GET", "/v1/users/u1/extra")).toBeUndefined();
    expect(matchRoute("GET", "/v1/users/")).toBeUndefined();
    expect(matchRoute("GET", "/v1/healthz")).toBeUndefined();
    expect(matchRoute("GET", "/v2/health")).toBeUndefined();
  });

  it("routes no path with an encoded slash or a dot segment (the `$default` function answers 400)", () => {
    expect(matchRoute("GET", "/v1/users/ada%2F1")).toBeUndefined();
    expect(matchRoute("GET", "/v1/users/%2e%2e/tenant")).toBeUndefined();
    expect(matchRoute("GET", "/v1/users/../tenant")).toBeUndefined();
  });

  it("treats the dot in openapi.json literally rather than as a wildcard", () => {
    expect(matchRoute("GET", "/v1/openapi.json")?.route.function).toBe("openapi");
    expect(matchRoute("GET", "/v1/openapiXjson")).toBeUndefined();
  });
});
