import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler } from "../../../functions/http/unmatched-route.js";

/** The event API Gateway sends the `$default` route (payload 2.0): routeKey `$default`, the path as sent. */
const event = (method: string, rawPath: string) =>
  ({
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path: rawPath }, requestId: "req-1", routeKey: "$default" },
  }) as unknown as APIGatewayProxyEventV2;

const context = {
  functionName: "unmatched-route",
  awsRequestId: "aws-1",
  getRemainingTimeInMillis: () => 3000,
} as unknown as Context;

const answer = async (method: string, rawPath: string) => {
  const response = (await handler(event(method, rawPath), context)) as APIGatewayProxyStructuredResultV2;
  return { response, body: JSON.parse(response.body ?? "{}") as Record<string, unknown> };
};

describe("the $default route's function", () => {
  it("answers an unknown path with problem+json 404", async () => {
    const { response, body } = await answer("GET", "/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
    expect(body).toMatchObject({ type: "urn:latchkey:problem:no-route", status: 404, instance: "req-1" });
  });

  it("answers a known path with another method with 405 and Allow", async () => {
    const { response, body } = await answer("DELETE", "/v1/tenant");
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe("GET, PATCH");
    expect(body).toMatchObject({ title: "Method not allowed", status: 405 });
  });

  it("answers dot segments and encoded slashes with 400, whatever API Gateway did before", async () => {
    for (const path of ["/v1/users/%2e%2e/tenant", "/v1/users/../tenant", "/v1/users/a%2Fb"]) {
      const { response, body } = await answer("GET", path);
      expect(response.statusCode, path).toBe(400);
      expect(body.type, path).toBe("urn:latchkey:problem:bad-path");
    }
  });

  it("never serves a route, even one its table would match (API Gateway did not): 404", async () => {
    const { response } = await answer("GET", "/v1/tenant");
    expect(response.statusCode).toBe(404);
  });
});
