import { defaultSizing, type FunctionDeclaration } from "./function-declarations.js";

/**
 * The function behind the HTTP API's `$default` route: it answers every request no declared route matches (404,
 * 405 with `Allow`, 400 for paths that must never be routed), as problem+json. It is not an endpoint: it has no
 * method, path or contract of its own, so it is not in `/v1/openapi.json`; the local gateway invokes it for the
 * same requests, so both runtimes answer alike.
 */
export const defaultRouteFunctions: Record<"unmatched-route", FunctionDeclaration> = {
  "unmatched-route": {
    entry: "functions/http/unmatched-route.ts",
    description: "Answers requests no route serves (404, 405, 400) as problem+json",
    ...defaultSizing,
    timeoutSeconds: 3,
    access: [],
  },
};

export type DefaultRouteFunctionName = keyof typeof defaultRouteFunctions;

/** The function the `$default` route invokes. */
export const defaultRouteFunction: DefaultRouteFunctionName = "unmatched-route";
