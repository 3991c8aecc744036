import type { Request } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { problemDetails, problemResponse } from "../../../functions/middleware/problem-details.js";
import {
  AmbiguousCredentialsError,
  AuthenticationError,
  InvalidTokenError,
  SessionExpiredError,
} from "../../../lib/domain/errors.js";

const bodyOf = (response: { body?: string }) =>
  JSON.parse(response.body ?? "null") as Record<string, unknown>;

describe("problemResponse", () => {
  it("answers RFC 9457 problem+json with a urn type, title, status and detail", () => {
    const response = problemResponse(404, "not-found", "User not found");
    expect(response.statusCode).toBe(404);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
    expect(bodyOf(response)).toEqual({
      type: "urn:latchkey:problem:not-found",
      title: "Not found",
      status: 404,
      detail: "User not found",
    });
  });

  it("marks problems as not cacheable", () => {
    expect(problemResponse(401, "unauthenticated", "Authentication failed").headers?.["cache-control"]).toBe(
      "no-store",
    );
  });

  it("includes field errors only when there are some", () => {
    const errors = [{ pointer: "/newPassword", detail: "is too common" }];
    expect(bodyOf(problemResponse(422, "validation", "Refused", { errors }))).toMatchObject({ errors });
    expect(bodyOf(problemResponse(422, "validation", "Refused", { errors: [] }))).not.toHaveProperty(
      "errors",
    );
    expect(bodyOf(problemResponse(422, "validation", "Refused"))).not.toHaveProperty("errors");
  });

  it("uses the given title over the status's default", () => {
    expect(bodyOf(problemResponse(400, "malformed-json", "Bad", { title: "Malformed JSON" })).title).toBe(
      "Malformed JSON",
    );
    expect(bodyOf(problemResponse(400, "x", "Bad")).title).toBe("Bad request");
  });

  it("falls back to a generic title when the status has none", () => {
    expect(bodyOf(problemResponse(418, "teapot", "Short and stout")).title).toBe("Error");
  });

  it("adds the instance only when one is given", () => {
    expect(bodyOf(problemResponse(500, "internal", "Oops", { instance: "req-1" })).instance).toBe("req-1");
    expect(bodyOf(problemResponse(500, "internal", "Oops"))).not.toHaveProperty("instance");
  });

  it("adds extra headers while keeping the problem content type", () => {
    const response = problemResponse(401, "unauthenticated", "Authentication failed", {
      headers: { "www-authenticate": "Bearer" },
    });
    expect(response.headers).toMatchObject({
      "www-authenticate": "Bearer",
      "content-type": "application/problem+json",
    });
  });
});

describe("problemDetails: authentication challenges (RFC 6750 §3)", () => {
  const answer = (error: Error) => {
    const request = {
      event: { requestContext: { requestId: "req-1" } },
      error,
      response: undefined,
    } as unknown as Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
    void problemDetails().onError?.(request);
    const response = request.response as APIGatewayProxyStructuredResultV2;
    return { response, body: bodyOf(response) };
  };

  it("challenges a missing credential with a bare Bearer, without an error code", () => {
    const { response } = answer(new AuthenticationError());
    expect(response.statusCode).toBe(401);
    expect(response.headers?.["www-authenticate"]).toBe("Bearer");
  });

  it("answers a presented token that fails with invalid_token and no hint of why", () => {
    const { response, body } = answer(new InvalidTokenError());
    expect(response.statusCode).toBe(401);
    expect(response.headers?.["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(body).toMatchObject({
      type: "urn:latchkey:problem:unauthenticated",
      detail: "Authentication failed",
    });
  });

  it("says an expired session expired, in the challenge and in the problem", () => {
    const { response, body } = answer(new SessionExpiredError());
    expect(response.statusCode).toBe(401);
    expect(response.headers?.["www-authenticate"]).toBe(
      'Bearer error="invalid_token", error_description="The session has expired"',
    );
    expect(body).toMatchObject({ type: "urn:latchkey:problem:session-expired", status: 401 });
    expect(body.detail).toContain("expired");
  });

  it("answers two credentials at once with 400 invalid_request", () => {
    const { response, body } = answer(new AmbiguousCredentialsError());
    expect(response.statusCode).toBe(400);
    expect(response.headers?.["www-authenticate"]).toBe('Bearer error="invalid_request"');
    expect(body.type).toBe("urn:latchkey:problem:ambiguous-credentials");
  });
});
