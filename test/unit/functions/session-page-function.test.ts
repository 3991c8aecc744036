import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { sessionPageFunction } from "../../../functions/middleware/session-page-function.js";
import { HmacFormTokens } from "../../../lib/adapters/crypto/hmac-form-tokens.js";
import { html } from "../../../lib/api/html.js";
import { clearCookie, pageCookies, readCookies, setCookie } from "../../../lib/api/page-cookies.js";
import { authenticate } from "../../../lib/app/sessions/authenticate.js";
import { singleKeyRing } from "../../../lib/domain/key-ring.js";
import { aUser } from "../../fakes/builders.js";
import { fakeDeps } from "../../fakes/index.js";

const origin = "https://latchkey.test";
const formTokens = new HmacFormTokens({ sessionKey: async () => singleKeyRing(new Uint8Array(32).fill(7)) });
const wiring = { formTokens: () => formTokens, settings: () => ({ publicBaseUrl: origin }) };
const context = {} as Context;

function event(
  method: "GET" | "POST",
  options: { cookies?: string[]; form?: Record<string, string>; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  return {
    cookies: options.cookies,
    headers: {
      ...(options.form && { "content-type": "application/x-www-form-urlencoded" }),
      ...options.headers,
    },
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    isBase64Encoded: false,
    requestContext: { http: { method, sourceIp: "203.0.113.9" } },
  } as unknown as APIGatewayProxyEventV2;
}

const publicContract = {
  summary: "a public form",
  tag: "Pages",
  auth: "none",
  page: true,
  body: z.object({ name: z.string().optional() }),
} as const;
const signedInContract = { summary: "a signed-in form", tag: "Pages", auth: "required", page: true } as const;

const run = async (handler: (e: APIGatewayProxyEventV2, c: Context) => unknown, e: APIGatewayProxyEventV2) =>
  (await handler(e, context)) as APIGatewayProxyStructuredResultV2;

describe("sessionPageFunction, before a session", () => {
  const handle = vi.fn(async () => ({ status: 200, title: "Done", body: html`<p>ok</p>` }));
  const handler = sessionPageFunction({ ...publicContract, responses: {} }, wiring, handle);
  const key = "k".repeat(22);
  const cookie = `${pageCookies.formKey}=${key}`;

  it("sets a pre-session cookie on a first GET and puts a token bound to it in the page", async () => {
    const pageHandler = sessionPageFunction(
      { ...publicContract, body: undefined, responses: {} },
      wiring,
      async ({ csrf }) => ({
        status: 200,
        title: "Form",
        body: html`<input name="csrf" value="${csrf}">`,
      }),
    );
    const response = await run(pageHandler, event("GET"));
    const set = response.cookies?.[0] ?? "";
    expect(set).toMatch(/^__Host-lk-form=[\w-]{22}; Path=\/; Max-Age=86400; HttpOnly; Secure; SameSite=Lax$/);
    const value = set.split(";")[0]?.split("=")[1] ?? "";
    const token = /name="csrf" value="([^"]+)"/.exec(response.body ?? "")?.[1] ?? "";
    expect(await formTokens.verify(`browser:${value}`, token)).toBe(true);
  });

  it("takes a POST with the token of its own pre-session cookie", async () => {
    const csrf = await formTokens.issue(`browser:${key}`);
    handle.mockClear();
    const response = await run(handler, event("POST", { cookies: [cookie], form: { csrf, name: "x" } }));
    expect(response.statusCode).toBe(200);
    expect(handle).toHaveBeenCalledOnce();
  });

  it("refuses a POST without a token, with another browser's token, or without the cookie, changing nothing", async () => {
    const otherBrowsers = await formTokens.issue(`browser:${"o".repeat(22)}`);
    const cases = [
      event("POST", { cookies: [cookie], form: { name: "x" } }),
      event("POST", { cookies: [cookie], form: { csrf: otherBrowsers, name: "x" } }),
      event("POST", { form: { csrf: await formTokens.issue(`browser:${key}`), name: "x" } }),
    ];
    handle.mockClear();
    for (const e of cases) expect((await run(handler, e)).statusCode).toBe(403);
    expect(handle).not.toHaveBeenCalled();
  });

  it("refuses a POST from another site, by Sec-Fetch-Site or by Origin, even with a right token", async () => {
    const csrf = await formTokens.issue(`browser:${key}`);
    handle.mockClear();
    const foreign: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "https://evil.example" },
    ];
    for (const headers of foreign) {
      const response = await run(handler, event("POST", { cookies: [cookie], form: { csrf }, headers }));
      expect(response.statusCode).toBe(403);
    }
    expect(handle).not.toHaveBeenCalled();
    const own = await run(
      handler,
      event("POST", {
        cookies: [cookie],
        form: { csrf },
        headers: { origin, "sec-fetch-site": "same-origin" },
      }),
    );
    expect(own.statusCode).toBe(200);
  });
});

describe("sessionPageFunction, signed in", () => {
  async function world() {
    const deps = fakeDeps();
    deps.tenants.seed({ tenantId: "t1", name: "Hillside Primary" });
    const user = deps.users.seed(aUser({ tenantId: "t1", roles: ["staff"] }));
    const { token } = await deps.sessions.issue(
      { tenantId: "t1", userId: user.userId, roles: user.roles },
      deps.clock.now(),
    );
    const authentication = () => deps;
    const handle = vi.fn(async ({ csrf }: { csrf: string }) => ({
      status: 200,
      title: "Account",
      body: html`<form><input name="csrf" value="${csrf}"></form>`,
    }));
    const handler = sessionPageFunction(
      { ...signedInContract, responses: {} },
      { ...wiring, authentication },
      handle,
    );
    const cookies = [`${pageCookies.session}=${token}`, `${pageCookies.school}=t1`];
    return { deps, user, handler, handle, cookies };
  }

  it("serves the page with the school's name and a sign-out form when the session cookie is alive", async () => {
    const { handler, cookies } = await world();
    const response = await run(handler, event("GET", { cookies }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<p class="school">Hillside Primary</p>`);
    expect(response.body).toMatch(
      /<form method="post" action="\/sign-out"><input type="hidden" name="csrf" value="[\w-]+">/,
    );
  });

  it("sends a browser without a session, or with a signed-out one, to its school's sign-in and clears the cookie", async () => {
    const { deps, user, handler, handle, cookies } = await world();
    expect((await run(handler, event("GET"))).headers?.location).toBe("/sign-in");
    // The remembered school only ever names a school on this site's sign-in page.
    const planted = await run(handler, event("GET", { cookies: [`${pageCookies.school}=//evil.example`] }));
    expect(planted.headers?.location).toBe("/sign-in?tenant=%2F%2Fevil.example");
    const { principal } = await authenticate(deps, {
      bearer: readCookies(cookies)[pageCookies.session] ?? "",
    });
    if (principal.kind !== "user" || !principal.session) throw new Error("no session");
    await deps.sessionRevocations.revokeSession(
      "t1",
      user.userId,
      principal.session.sessionId,
      new Date(principal.session.expiresAt),
    );
    handle.mockClear();
    const response = await run(handler, event("GET", { cookies }));
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe("/sign-in?tenant=t1");
    expect(response.cookies).toEqual([clearCookie("session")]);
    expect(handle).not.toHaveBeenCalled();
  });

  it("refuses a POST whose token belongs to another session", async () => {
    const { handler, handle, cookies } = await world();
    const other = await formTokens.issue("session:another-session");
    const response = await run(handler, event("POST", { cookies, form: { csrf: other } }));
    expect(response.statusCode).toBe(403);
    expect(handle).not.toHaveBeenCalled();
  });
});

describe("page cookies", () => {
  it("are __Host- prefixed, Path=/, HttpOnly and Secure; the session Lax, the new-password challenge Strict", () => {
    expect(setCookie("session", "a b", 900)).toBe(
      "__Host-lk-session=a%20b; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax",
    );
    expect(setCookie("challenge", "t", 600)).toContain("SameSite=Strict");
    expect(clearCookie("session")).toContain("Max-Age=0");
  });

  it("are read by name, the first of a repeated name winning, a malformed value ignored", () => {
    expect(readCookies(["a=1", "b=x%20y", "a=2", "c=%E0%A4%A", "=z"])).toEqual({ a: "1", b: "x y" });
  });
});
