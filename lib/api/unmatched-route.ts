import { routes } from "../topology/index.js";
import { compileRoutes, decideRoute } from "../topology/route-match.js";

/** The whole route table (methods and paths only are used), compiled once per execution environment. */
const table = compileRoutes(routes);

/** The problem the edge answers for a request no route serves. */
export type UnmatchedAnswer = {
  status: 400 | 404 | 405;
  code: string;
  detail: string;
  /** 405 only: the methods the path accepts (RFC 9110 §15.5.6). */
  allow?: string[];
};

/**
 * What the HTTP API's `$default` route answers (the local gateway invokes the same function): 400 for a path that
 * must never be routed (dot segments, encoded separators, bad percent-encoding), 405 with `Allow` when the path
 * exists with other methods, 404 otherwise. HEAD and OPTIONS are not served: no route declares them (an HTTP API
 * route matches only its own method, or ANY), and there is no CORS (same-origin browsers and API clients only).
 * They get 405 with the path's methods, which also fails a cross-origin preflight. A request our table would route
 * but API Gateway sent here is not served from here: 404.
 */
export function unmatchedAnswer(method: string, rawPath: string): UnmatchedAnswer {
  const decision = decideRoute(table, method, rawPath);
  switch (decision.kind) {
    case "bad-path":
      return { status: 400, code: "bad-path", detail: decision.detail };
    case "method-not-allowed":
      return {
        status: 405,
        code: "method-not-allowed",
        detail: `This path does not accept ${method}; it accepts ${decision.allow.join(", ")}.`,
        allow: decision.allow,
      };
    default:
      return { status: 404, code: "no-route", detail: "Nothing is served at this path." };
  }
}
