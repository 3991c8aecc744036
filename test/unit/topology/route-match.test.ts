import { describe, expect, it } from "vitest";
import { routes } from "../../../lib/topology/index.js";
import { compileRoutes, decideRoute, readPath } from "../../../lib/topology/route-match.js";

const table = compileRoutes([
  { method: "GET", path: "/v1/users/{userId}", name: "get-user" },
  { method: "PATCH", path: "/v1/users/{userId}", name: "update-user" },
  { method: "GET", path: "/v1/users/search", name: "search-users" },
  { method: "GET", path: "/v1/tenant", name: "get-tenant" },
  { method: "GET", path: "/v1/openapi.json", name: "openapi" },
]);
const decide = (method: string, path: string) => decideRoute(table, method, path);

describe("decideRoute", () => {
  it("routes a declared method and path, with decoded parameters", () => {
    expect(decide("GET", "/v1/users/ada%20l%C3%B6vel")).toMatchObject({
      kind: "route",
      route: { name: "get-user" },
      params: { userId: "ada lövel" },
    });
    expect(decide("PATCH", "/v1/users/u1")).toMatchObject({ kind: "route", route: { name: "update-user" } });
  });

  it("prefers a literal segment over a parameter, whatever the declaration order", () => {
    expect(decide("GET", "/v1/users/search")).toMatchObject({ route: { name: "search-users" } });
  });

  it("answers 404 for a path no route has, including near misses and empty parameters", () => {
    for (const path of ["/v1/nothing", "/v1/users/", "/v1/users/u1/extra", "/v1/tenant/", "/v1//tenant", "/"])
      expect(decide("GET", path), path).toEqual({ kind: "not-found" });
    expect(decide("GET", "/v1/openapiXjson")).toEqual({ kind: "not-found" });
  });

  it("answers 405 with every method of the path (parameter routes included), in a fixed order", () => {
    expect(decide("DELETE", "/v1/users/u1")).toEqual({ kind: "method-not-allowed", allow: ["GET", "PATCH"] });
    // PATCH /v1/users/search reaches PATCH /v1/users/{userId}, so it is allowed there too.
    expect(decide("POST", "/v1/users/search")).toEqual({
      kind: "method-not-allowed",
      allow: ["GET", "PATCH"],
    });
    expect(decide("HEAD", "/v1/tenant")).toEqual({ kind: "method-not-allowed", allow: ["GET"] });
    expect(decide("OPTIONS", "/v1/tenant")).toEqual({ kind: "method-not-allowed", allow: ["GET"] });
  });

  it("refuses dot segments, raw or percent-encoded in any case, instead of resolving them", () => {
    for (const path of [
      "/v1/users/../tenant",
      "/v1/users/%2e%2e/tenant",
      "/v1/users/%2E%2E/tenant",
      "/v1/users/.%2e/tenant",
      "/v1/./tenant",
      "/v1/%2e/tenant",
      "/v1/users/..",
    ]) {
      expect(decide("GET", path).kind, path).toBe("bad-path");
    }
    // A dot that is part of a name is fine.
    expect(decide("GET", "/v1/users/a..b")).toMatchObject({ kind: "route", params: { userId: "a..b" } });
  });

  it("refuses encoded separators, backslashes, control characters and malformed percent-encoding", () => {
    for (const path of [
      "/v1/users/a%2fb",
      "/v1/users/a%2Fb",
      "/v1/users/a%5cb",
      "/v1\\tenant",
      "/v1/users/a%00b",
      "/v1/users/a%0Ab",
      "/v1/users/%zz",
      "/v1/users/50%",
      "/v1/users/%c3",
      "/v1/users/%ff%fe",
      "v1/tenant",
    ]) {
      expect(decide("GET", path).kind, path).toBe("bad-path");
    }
  });

  it("explains each refusal without echoing the path", () => {
    const answer = readPath("/v1/users/%2e%2e/tenant");
    expect(answer).toEqual({ problem: expect.stringContaining(".. segments") });
    expect(JSON.stringify(answer)).not.toContain("%2e");
  });
});

describe("the service's route table", () => {
  const served = compileRoutes(routes);

  it("routes every declared route to itself, even where templates overlap", () => {
    for (const route of routes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `sample-${name}`);
      const decision = decideRoute(served, route.method, path);
      expect(decision.kind === "route" && decision.route, `${route.method} ${route.path}`).toBe(route);
    }
  });
});
