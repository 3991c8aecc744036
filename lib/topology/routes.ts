import type { FunctionName } from "./functions.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One HTTP API route: method + path (API Gateway `{param}` syntax) → function. */
export type RouteDeclaration = { method: HttpMethod; path: string; function: FunctionName };

export const routes = [
  { method: "GET", path: "/v1/health", function: "health" },
  { method: "GET", path: "/v1/openapi.json", function: "openapi" },
  { method: "POST", path: "/v1/sessions", function: "create-session" },
  { method: "POST", path: "/v1/sessions/new-password", function: "complete-new-password" },
  { method: "GET", path: "/v1/me", function: "get-me" },
  { method: "PUT", path: "/v1/me/password", function: "change-password" },
  { method: "GET", path: "/v1/tenant", function: "get-tenant" },
  { method: "PATCH", path: "/v1/tenant", function: "update-tenant" },
  { method: "POST", path: "/v1/roster", function: "import-roster" },
  { method: "GET", path: "/v1/jobs/{jobId}", function: "get-job" },
  { method: "GET", path: "/v1/groups", function: "list-groups" },
  { method: "GET", path: "/v1/groups/{groupId}/members", function: "list-group-members" },
  { method: "GET", path: "/v1/users", function: "list-users" },
  { method: "GET", path: "/v1/users/{userId}", function: "get-user" },
  { method: "GET", path: "/v1/users/{userId}/events", function: "list-user-events" },
  { method: "POST", path: "/v1/users/{userId}/temporary-password", function: "reset-temporary-password" },
  {
    method: "POST",
    path: "/v1/users/{userId}/temporary-password/reveal",
    function: "reveal-temporary-password",
  },
  { method: "GET", path: "/v1/unclaimed-users", function: "list-unclaimed-users" },
  { method: "GET", path: "/v1/password-policies", function: "get-password-policies" },
  { method: "PUT", path: "/v1/password-policies", function: "update-password-policies" },
  { method: "POST", path: "/v1/password-regenerations/preview", function: "preview-regeneration" },
  { method: "POST", path: "/v1/password-regenerations", function: "start-regeneration" },
  { method: "GET", path: "/v1/jobs/{jobId}/report", function: "get-job-report" },
  { method: "GET", path: "/v1/audit-events", function: "list-audit-events" },
  { method: "POST", path: "/v1/users/{userId}/sso-pin/reset", function: "reset-sso-pin" },
  { method: "POST", path: "/v1/sso-pins/verify", function: "verify-sso-pin" },
  { method: "POST", path: "/v1/sso-pins/setup", function: "setup-sso-pin" },
  { method: "POST", path: "/v1/step-up/introspect", function: "introspect-step-up" },
  { method: "GET", path: "/v1/early-years", function: "get-early-years" },
  { method: "PUT", path: "/v1/early-years", function: "configure-early-years" },
  { method: "POST", path: "/v1/early-years/declaration", function: "accept-early-years-declaration" },
  { method: "GET", path: "/v1/classes/{groupId}/pupil-pins", function: "list-class-pupil-pins" },
  { method: "POST", path: "/v1/classes/{groupId}/pupil-pins/random", function: "randomise-class-pupil-pins" },
  { method: "PUT", path: "/v1/pupils/{userId}/pin", function: "change-pupil-pin" },
  { method: "POST", path: "/v1/pupils/{userId}/pin/random", function: "randomise-pupil-pin" },
  { method: "POST", path: "/v1/pupil-sessions", function: "create-pupil-session" },
  { method: "GET", path: "/v1/emails", function: "list-emails" },
  { method: "GET", path: "/v1/emails/{emailId}", function: "get-email" },
] as const satisfies readonly RouteDeclaration[];
