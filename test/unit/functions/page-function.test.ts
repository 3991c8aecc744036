import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { errorPage, pageFunction } from "../../../functions/middleware/page-function.js";
import { html } from "../../../lib/api/html.js";
import { AuthenticatorRequiredError, ForbiddenError } from "../../../lib/domain/errors.js";

const contract = {
  summary: "a pre-session form",
  tag: "Pages",
  auth: "none",
  page: true,
  body: z.object({ login: z.string() }),
  responses: {},
} as const;

const post = (headers: Record<string, string>) =>
  ({
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "login=someone",
    isBase64Encoded: false,
    requestContext: { http: { method: "POST", sourceIp: "203.0.113.9" } },
  }) as unknown as APIGatewayProxyEventV2;

describe("pageFunction", () => {
  it("refuses a form posted from another site (Sec-Fetch-Site) before reading it, and takes its own", async () => {
    const handle = vi.fn(async () => ({ status: 200, title: "Done", body: html`<p>ok</p>` }));
    const handler = pageFunction(contract, handle);
    const run = async (headers: Record<string, string>) =>
      ((await handler(post(headers), {} as Context)) as APIGatewayProxyStructuredResultV2).statusCode;
    expect(await run({ "sec-fetch-site": "cross-site" })).toBe(403);
    expect(await run({ "sec-fetch-site": "same-site" })).toBe(403);
    expect(handle).not.toHaveBeenCalled();
    expect(await run({ "sec-fetch-site": "same-origin" })).toBe(200);
    expect(await run({})).toBe(200);
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it("answers an action withheld for lack of a second factor with the authenticator-required page and its link", () => {
    const gated = errorPage(new AuthenticatorRequiredError(["site-admin"]));
    expect(gated.status).toBe(403);
    expect(gated.title).toBe("An authenticator is required");
    expect(gated.body.value).toContain("Your site-admin access needs two factors at this school");
    expect(gated.body.value).toContain('<a href="/security-keys">');
    const plain = errorPage(new ForbiddenError("Not allowed"));
    expect(plain.status).toBe(403);
    expect(plain.body.value).not.toContain("/security-keys");
  });

  it("refuses a form with a __proto__ or constructor field instead of dropping it", async () => {
    const handle = vi.fn(async () => ({ status: 200, title: "Done", body: html`<p>ok</p>` }));
    const handler = pageFunction(contract, handle);
    for (const body of ["login=someone&__proto__=x", "login=someone&constructor=x"]) {
      const event = { ...post({}), body } as APIGatewayProxyEventV2;
      const response = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
      expect(response.statusCode, body).toBe(400);
    }
    expect(handle).not.toHaveBeenCalled();
  });

  it("refuses a page reached through a dot segment, before anything else", async () => {
    const handle = vi.fn(async () => ({ status: 200, title: "Done", body: html`<p>ok</p>` }));
    const handler = pageFunction(contract, handle);
    const event = { ...post({}), rawPath: "/console/%2e%2e/sign-in" } as APIGatewayProxyEventV2;
    const response = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(400);
    expect(handle).not.toHaveBeenCalled();
  });

  it("ignores query parameters a page does not declare (utm_* on an emailed link) and still checks the declared ones", async () => {
    const handle = vi.fn(async (input: { query: unknown }) => ({
      status: 200,
      title: "Reset",
      body: html`<p>${JSON.stringify(input.query)}</p>`,
    }));
    const handler = pageFunction(
      {
        summary: "an emailed link",
        tag: "Pages",
        auth: "none",
        page: true,
        query: z.strictObject({ token: z.string().max(8) }),
        responses: {},
      },
      handle,
    );
    const open = async (query: Record<string, string>) =>
      (await handler(
        {
          headers: {},
          queryStringParameters: query,
          requestContext: { http: { method: "GET" } },
        } as unknown as APIGatewayProxyEventV2,
        {} as Context,
      )) as APIGatewayProxyStructuredResultV2;
    const opened = await open({ token: "abc", utm_source: "newsletter", fbclid: "x" });
    expect(opened.statusCode).toBe(200);
    expect(handle).toHaveBeenLastCalledWith(expect.objectContaining({ query: { token: "abc" } }));
    expect((await open({ token: "far-too-long", utm_source: "newsletter" })).statusCode).toBe(400);
    expect(handle).toHaveBeenCalledTimes(1);
  });
});
