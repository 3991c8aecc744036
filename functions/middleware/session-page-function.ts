import { randomBytes } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import { consoleNav } from "../../lib/api/console/nav.js";
import { html, page, pageHeaders, type Shell } from "../../lib/api/html.js";
import { clearCookie, pageCookies, readCookies, setCookie } from "../../lib/api/page-cookies.js";
import { securityPages } from "../../lib/api/security-pages.js";
import type { ServiceSettings } from "../../lib/app/deps.js";
import { listMyMemberships } from "../../lib/app/identities/memberships.js";
import { authenticate } from "../../lib/app/sessions/authenticate.js";
import { AuthenticationError } from "../../lib/domain/errors.js";
import { timeZoneOf } from "../../lib/domain/model.js";
import type { Principal } from "../../lib/domain/permissions.js";
import type { Contract } from "../../lib/endpoints/endpoint.js";
import type { FormTokens } from "../../lib/ports/form-tokens.js";
import type { IdentityStore } from "../../lib/ports/identity-store.js";
import { logger, metrics } from "../observability.js";
import type { Authentication } from "./http-function.js";
import {
  assertFromOwnPages,
  assertRoutablePath,
  errorPage,
  type PageOutput,
  PageProblem,
  readForm,
  validate,
} from "./page-function.js";
import { declaredQuery } from "./query-parameters.js";
import { observeRoute } from "./route-observation.js";
import { annotateTrace } from "./tracing.js";

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** What a page with sessions needs: form tokens, the service's own origin, and (signed-in pages) authentication. */
export type SessionPageWiring = {
  formTokens: () => FormTokens;
  settings: () => Pick<ServiceSettings, "publicBaseUrl">;
  /** Pages whose contract says `auth: "required"`: the session cookie is checked like a Bearer token. */
  authentication?: Authentication;
  /** Signed-in pages with the school switcher: a Latchkey ID session's header lists the person's schools. */
  identities?: () => IdentityStore;
};

export type SessionPageInput<C extends Contract> = {
  /** The path's parameters (`/console/users/{userId}`), validated with the contract's `params`. */
  params: Infer<C["params"]>;
  query: Infer<C["query"]>;
  form: Infer<C["body"]>;
  sourceIp: string;
  /** The request's cookies by name (`pageCookies` names them). */
  cookies: Record<string, string>;
  /** The signed-in person, checked on this request (`auth: "required"` pages only). */
  principal: C["auth"] extends "required" ? UserPrincipal : undefined;
  /** The form token every form of this page carries as its `csrf` field. */
  csrf: string;
  /** The signed-in person's school's name (`auth: "required"` pages). */
  school?: string;
  /** The signed-in person's school's time zone (`auth: "required"` pages): times shown and printed are in it. */
  timeZone?: string;
};

/**
 * A page (with its frame and cookies to set), a 303 redirect (after a POST, or to sign in), or JSON for the pages'
 * own script (a job's progress): signed-in pages only, never a secret.
 */
export type SessionPageOutput =
  | (PageOutput & { cookies?: string[] })
  | { redirect: string; cookies?: string[] }
  | { json: unknown; status?: number }
  /**
   * A whole document for the console's own preview frame (a rendered email): framed only by this service's pages,
   * sandboxed (no script, no forms), its inline styles allowed and nothing else loaded but data: images.
   */
  | { preview: string };

/** The sign-in page of a school (the one remembered in the browser, or the school-less one). */
export function signInPath(tenantId?: string): string {
  return tenantId ? `/sign-in?tenant=${encodeURIComponent(tenantId)}` : "/sign-in";
}

/** Headers of a preview document (see `SessionPageOutput`). */
const previewHeaders = {
  ...pageHeaders,
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox",
  "x-frame-options": "SAMEORIGIN",
};

const refused = (message: string) => new PageProblem(403, [message]);

/**
 * A POST must come from this service's own pages: `Sec-Fetch-Site` must say same-origin (`assertFromOwnPages`),
 * and an `Origin` header, when it names one, must be ours. A client that sends neither still needs the form token.
 */
function assertSameOrigin(event: APIGatewayProxyEventV2, ownOrigin: string) {
  assertFromOwnPages(event);
  const origin = event.headers?.origin;
  if (origin !== undefined && origin !== "null" && origin !== ownOrigin)
    throw refused("This form was sent from another site.");
}

/**
 * Builds a Lambda handler for a hosted page with page sessions (sign-in, account, …). On top of `pageFunction`:
 * 1. Cookies are read from `event.cookies`; the answer may set and clear cookies and may be a 303 redirect.
 * 2. A POST from another origin is refused (403) before anything is read.
 * 3. `auth: "required"`: the session cookie is checked with the same `authenticate()` as the API's Bearer token
 *    (so sign-out, revocation, a disabled user and role changes count at once); without a valid one the browser is
 *    sent to sign in (303) and the dead cookie is cleared.
 * 4. Every POST carries a form token (`csrf`): bound to the session when signed in, else to the browser's
 *    pre-session cookie (set here when absent). A missing or wrong one is refused (403) and changes nothing.
 * 5. The form is validated with the contract; the page is framed with the school's name and a sign-out button, the
 *    console's bar of the sections this person may use (`lib/api/console/nav.ts`), and for a Latchkey ID session
 *    (with `identities` wired) the switcher of the person's schools.
 */
export function sessionPageFunction<C extends Contract>(
  contract: C,
  wiring: SessionPageWiring,
  handle: (input: SessionPageInput<C>) => Promise<SessionPageOutput>,
) {
  if (contract.auth === "required" && !wiring.authentication)
    throw new Error(`${contract.summary}: needs authentication`);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(observeRoute())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(async (event) => {
      const cookies = readCookies(event.cookies);
      const setCookies: string[] = [];
      let output: SessionPageOutput;
      let shell: Shell = {};
      let timeZone: string | undefined;
      try {
        assertRoutablePath(event);
        const post = event.requestContext?.http?.method === "POST";
        if (post) assertSameOrigin(event, new URL(wiring.settings().publicBaseUrl).origin);
        let principal: UserPrincipal | undefined;
        let binding: string;
        if (contract.auth === "required" && wiring.authentication) {
          const signedIn = await signedInPrincipal(wiring.authentication, cookies);
          if (!signedIn) {
            return finish({
              redirect: signInPath(cookies[pageCookies.school]),
              cookies: cookies[pageCookies.session] ? [clearCookie("session")] : [],
            });
          }
          principal = signedIn.principal;
          annotateTrace({ tenant: principal.tenantId });
          shell = {
            school: signedIn.school,
            environment: signedIn.environment,
            nav: consoleNav(signedIn.principal, event.rawPath ?? "/"),
          };
          timeZone = signedIn.timeZone;
          binding = `session:${principal.session?.sessionId}`;
        } else {
          let key = cookies[pageCookies.formKey];
          if (!key || !/^[\w-]{22,64}$/.test(key)) {
            if (post) throw refused("This form has expired. Go back, reload the page and try again.");
            key = randomBytes(16).toString("base64url");
            setCookies.push(setCookie("formKey", key, 24 * 3600));
          }
          binding = `browser:${key}`;
        }
        const tokens = wiring.formTokens();
        let fields: Record<string, string> | undefined;
        if (post) {
          const { csrf, ...rest } = readForm(event, contract.maxFormBytes);
          if (!csrf || !(await tokens.verify(binding, csrf)))
            throw refused("This form has expired. Go back, reload the page and try again.");
          fields = rest;
        }
        const csrf = await tokens.issue(binding);
        if (principal) {
          shell.signOut = { csrf };
          if (principal.identity && wiring.identities)
            shell.switcher = await switcher(wiring.identities, principal, csrf);
        }
        output = await handle({
          params: validate(contract.params, event.pathParameters ?? {}),
          query: validate(contract.query, declaredQuery(contract.query, event.queryStringParameters)),
          form: contract.body ? validate(contract.body, fields ?? {}) : undefined,
          sourceIp: event.requestContext?.http?.sourceIp ?? "",
          cookies,
          principal,
          csrf,
          school: shell.school,
          timeZone,
        } as SessionPageInput<C>);
      } catch (error) {
        output = errorPage(error);
      }
      return finish(output);

      function finish(result: SessionPageOutput): APIGatewayProxyStructuredResultV2 {
        if ("preview" in result) {
          metrics.addMetric("Page2xx4xx", MetricUnit.Count, 1);
          return { statusCode: 200, headers: previewHeaders, body: result.preview };
        }
        if ("json" in result) {
          metrics.addMetric("Page2xx4xx", MetricUnit.Count, 1);
          return {
            statusCode: result.status ?? 200,
            headers: { ...pageHeaders, "content-type": "application/json" },
            body: JSON.stringify(result.json),
          };
        }
        const cookiesOut = [...setCookies, ...(result.cookies ?? [])];
        const answer = "redirect" in result ? undefined : result;
        metrics.addMetric(answer && answer.status >= 500 ? "Page5xx" : "Page2xx4xx", MetricUnit.Count, 1);
        return {
          statusCode: answer ? answer.status : 303,
          headers: {
            ...pageHeaders,
            ...(answer?.retryAfterSeconds !== undefined && {
              "retry-after": String(answer.retryAfterSeconds),
            }),
            ...("redirect" in result && { location: result.redirect }),
          },
          ...(cookiesOut.length > 0 && { cookies: cookiesOut }),
          body: answer
            ? page(answer.title, answer.body, { ...shell, ...answer.shell })
            : page(
                "Redirecting",
                html`<p><a href="${"redirect" in result ? result.redirect : "/"}">Continue</a></p>`,
              ),
        };
      }
    });
}

/** The person the session cookie belongs to, with their school's name; undefined when it is missing or dead. */
async function signedInPrincipal(authentication: Authentication, cookies: Record<string, string>) {
  const token = cookies[pageCookies.session];
  if (!token) return undefined;
  const deps = authentication();
  try {
    const { principal } = await authenticate(deps, { bearer: token });
    if (principal.kind !== "user" || !principal.session) return undefined;
    const tenant = await deps.tenants.get(principal.tenantId);
    return {
      principal,
      school: tenant?.name,
      environment: tenant?.environmentName,
      timeZone: timeZoneOf(tenant),
    };
  } catch (error) {
    if (error instanceof AuthenticationError) return undefined;
    throw error;
  }
}

/** The drop-down of a Latchkey ID's schools (their active memberships now), the session's own one selected. */
async function switcher(identities: () => IdentityStore, principal: UserPrincipal, csrf: string) {
  const memberships = await listMyMemberships({ identities: identities() }, principal);
  return securityPages.switcher(
    memberships.map((m) => ({ tenantId: m.tenantId, name: m.name, current: m.current })),
    csrf,
  );
}
