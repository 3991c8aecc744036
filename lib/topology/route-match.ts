/**
 * How the edge decides what to do with a request, from the route table alone: serve a route, or answer 400 (a
 * path that must never be routed), 404 (no route has this path) or 405 (the path exists, not with this method).
 * Pure: the local gateway and the HTTP API's `$default` function (`functions/http/unmatched-route.ts`) both call
 * it, so both runtimes answer the same.
 */

/** A route as the table declares it: method + API Gateway path template (`/v1/users/{userId}`). */
export type RouteTemplate = { method: string; path: string };

export type RouteDecision<R extends RouteTemplate> =
  | { kind: "route"; route: R; params: Record<string, string> }
  | { kind: "bad-path"; detail: string }
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string[] };

type Segment = { literal: string } | { param: string };
type Compiled<R> = { route: R; segments: Segment[] };
export type RouteTable<R extends RouteTemplate> = readonly Compiled<R>[];

/** The order methods are listed in `Allow`. */
const methodOrder = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Splits each template once into literal and `{param}` segments. */
export function compileRoutes<R extends RouteTemplate>(routes: readonly R[]): RouteTable<R> {
  return routes.map((route) => ({
    route,
    segments: route.path
      .slice(1)
      .split("/")
      .map((part) => {
        const param = /^\{(\w+)\}$/.exec(part)?.[1];
        return param ? { param } : { literal: part };
      }),
  }));
}

const wellFormedPercent = /^(?:[^%]|%[0-9A-Fa-f]{2})*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const controlOrBackslash = /[\u0000-\u001f\u007f\\]/;

/**
 * The decoded segments of a raw path (as sent, before any normalisation), or why it must not be routed:
 * - `.` and `..` segments, raw or percent-encoded (`%2e`, `%2E`): a client or proxy that resolves them would
 *   reach another route than the one checked (`/v1/users/%2e%2e/tenant` is not `/v1/tenant`);
 * - a slash or backslash inside a segment (`%2f`, `%5c`), which would change how the path splits;
 * - control characters and raw backslashes (some URL parsers turn `\` into `/`);
 * - malformed percent-encoding (`%zz`, a lone `%`) and escapes that are not UTF-8.
 */
export function readPath(rawPath: string): { segments: string[] } | { problem: string } {
  if (!rawPath.startsWith("/")) return { problem: "The path must start with a slash." };
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split("/")) {
    if (controlOrBackslash.test(raw))
      return { problem: "The path must not contain control characters or backslashes." };
    if (!wellFormedPercent.test(raw)) return { problem: "The path has malformed percent-encoding." };
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return { problem: "The path's percent-encoding is not UTF-8." };
    }
    if (decoded === "." || decoded === "..")
      return { problem: "The path must not contain . or .. segments, plain or percent-encoded." };
    if (controlOrBackslash.test(decoded) || decoded.includes("/"))
      return { problem: "A path segment must not encode a slash, a backslash or a control character." };
    segments.push(decoded);
  }
  return { segments };
}

/** The route's parameters when its template matches the decoded segments; a `{param}` never matches "". */
function matchSegments(template: readonly Segment[], segments: readonly string[]) {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const segment = segments[i] ?? "";
    if ("param" in part) {
      if (segment === "") return undefined;
      params[part.param] = segment;
    } else if (part.literal !== segment) return undefined;
  }
  return params;
}

/** API Gateway prefers the more specific route: a literal segment beats a `{param}` at the first difference. */
function moreSpecific(a: readonly Segment[], b: readonly Segment[]): boolean {
  for (const [i, part] of a.entries()) {
    const other = b[i];
    if (!other) return false;
    if ("literal" in part !== "literal" in other) return "literal" in part;
  }
  return false;
}

/**
 * Decides a request. `rawPath` is the path exactly as sent (no query), never a normalised one: normalising first
 * is how `..` used to reach another route.
 */
export function decideRoute<R extends RouteTemplate>(
  table: RouteTable<R>,
  method: string,
  rawPath: string,
): RouteDecision<R> {
  const path = readPath(rawPath);
  if ("problem" in path) return { kind: "bad-path", detail: path.problem };
  let best: { entry: Compiled<R>; params: Record<string, string> } | undefined;
  const allow = new Set<string>();
  for (const entry of table) {
    const params = matchSegments(entry.segments, path.segments);
    if (!params) continue;
    allow.add(entry.route.method);
    if (entry.route.method !== method) continue;
    if (!best || moreSpecific(entry.segments, best.entry.segments)) best = { entry, params };
  }
  if (best) return { kind: "route", route: best.entry.route, params: best.params };
  if (allow.size === 0) return { kind: "not-found" };
  return {
    kind: "method-not-allowed",
    allow: [...allow].sort((a, b) => methodOrder.indexOf(a) - methodOrder.indexOf(b)),
  };
}
