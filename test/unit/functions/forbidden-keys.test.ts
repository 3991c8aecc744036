import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { forbiddenKeyPointer } from "../../../functions/middleware/forbidden-keys.js";
import { parseRequest } from "../../../functions/middleware/parse-request.js";
import { HttpProblem } from "../../../functions/middleware/problem-details.js";

describe("forbiddenKeyPointer", () => {
  it("finds __proto__, constructor and prototype as keys at any depth, with their JSON pointer", () => {
    expect(forbiddenKeyPointer(JSON.parse('{"__proto__":{"admin":true}}'))).toBe("/__proto__");
    expect(forbiddenKeyPointer(JSON.parse('{"users":[{"a/b":{"constructor":{"prototype":{}}}}]}'))).toBe(
      "/users/0/a~1b/constructor",
    );
    expect(forbiddenKeyPointer(JSON.parse('{"a":{"prototype":1}}'))).toBe("/a/prototype");
  });

  it("lets the same words through as values, and clean bodies through", () => {
    expect(forbiddenKeyPointer(JSON.parse('{"name":"__proto__","tags":["constructor","prototype"]}'))).toBe(
      undefined,
    );
    expect(forbiddenKeyPointer(null)).toBe(undefined);
    expect(forbiddenKeyPointer("__proto__")).toBe(undefined);
  });

  it("walks nesting deeper than the call stack without overflowing", () => {
    const depth = 200_000;
    const deep = JSON.parse(`${"[".repeat(depth)}{"__proto__":1}${"]".repeat(depth)}`);
    expect(forbiddenKeyPointer(deep)).toBe(`${"/0".repeat(depth)}/__proto__`);
  });
});

describe("parseRequest refuses a body with a forbidden key", () => {
  // A non-strict object drops unknown keys: before, `__proto__` vanished and the body was accepted.
  const contract = {
    summary: "a loose body",
    tag: "Test",
    auth: "none",
    body: z.object({ settings: z.object({ name: z.string() }) }),
    responses: {},
  } as const;
  const event = (body: string) =>
    ({
      headers: { "content-type": "application/json" },
      body,
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEventV2;

  it("answers 400 with the key's pointer instead of dropping it silently", () => {
    expect(parseRequest(contract, event('{"settings":{"name":"x"}}')).body).toEqual({
      settings: { name: "x" },
    });
    let problem: unknown;
    try {
      parseRequest(contract, event('{"settings":{"name":"x","__proto__":{"isAdmin":true}}}'));
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem).toMatchObject({ status: 400, errors: [{ pointer: "/settings/__proto__" }] });
  });
});
