/**
 * Every Lambda function of the service: its entry module and what it may touch.
 * The CDK app turns each into one `ServiceFunction` with least-privilege grants; the local runtime imports the
 * same entry module and invokes its exported `handler`.
 */
import { emailFunctions } from "./email-functions.js";
import { type FunctionDeclaration, hashing, http, queue } from "./function-declarations.js";

export type { Access, FunctionDeclaration } from "./function-declarations.js";

export const functions = {
  health: http("health", "Liveness", []),
  openapi: http("openapi", "OpenAPI 3.1 description", []),
  "create-session": http(
    "create-session",
    "Sign in with username and password",
    ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
    hashing,
  ),
  "complete-new-password": http(
    "complete-new-password",
    "Set your own password after a temporary one",
    ["table:read", "table:write", "secret:pepper", "secret:session", "kms:data-key"],
    hashing,
  ),
  "get-me": http("get-me", "The signed-in user", ["table:read", "secret:session"]),
  "change-password": http(
    "change-password",
    "Change the signed-in user's password",
    ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send"],
    hashing,
  ),
  "get-tenant": http("get-tenant", "Tenant settings", ["table:read", "secret:session"]),
  "update-tenant": http("update-tenant", "Change tenant settings", [
    "table:read",
    "table:write",
    "secret:session",
  ]),
  "import-roster": http(
    "import-roster",
    "Import users, groups, memberships and class-teacher links",
    // An import that adds pupils may start a pupil-PIN job (a sealed job key).
    ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
    { timeoutSeconds: 29, memoryMb: 1024 },
  ),
  "get-job": http("get-job", "Bulk job progress", ["table:read", "secret:session"]),
  "list-groups": http("list-groups", "Group picker", ["table:read", "secret:session"]),
  "list-group-members": http("list-group-members", "Members of a group", ["table:read", "secret:session"]),
  "list-users": http("list-users", "Users of the tenant", ["table:read", "secret:session"]),
  "get-user": http("get-user", "One user", ["table:read", "secret:session"]),
  "get-password-policies": http("get-password-policies", "Temporary password policies", [
    "table:read",
    "secret:session",
  ]),
  "update-password-policies": http("update-password-policies", "Set temporary password policies", [
    "table:read",
    "table:write",
    "secret:session",
  ]),
  "list-unclaimed-users": http("list-unclaimed-users", "Users who have not set their own password", [
    "table:read",
    "secret:session",
  ]),
  "reveal-temporary-password": http("reveal-temporary-password", "Show one temporary password", [
    "table:read",
    "table:write",
    "secret:session",
    "kms:data-key",
  ]),
  "reset-temporary-password": http("reset-temporary-password", "Reset one user's temporary password", [
    "table:read",
    "table:write",
    "secret:session",
    "kms:data-key",
  ]),
  "preview-regeneration": http(
    "preview-regeneration",
    "Count a regeneration's users",
    ["table:read", "secret:session"],
    { timeoutSeconds: 29, memoryMb: 1024 },
  ),
  "start-regeneration": http(
    "start-regeneration",
    "Start a bulk temporary password regeneration",
    ["table:read", "table:write", "secret:pepper", "secret:session", "queue:fanout:send", "kms:data-key"],
    { ...hashing, timeoutSeconds: 29 },
  ),
  "get-job-report": http(
    "get-job-report",
    "A regeneration's one-time report",
    ["table:read", "table:write", "secret:session", "kms:data-key"],
    { timeoutSeconds: 29, memoryMb: 1024 },
  ),
  "list-user-events": http("list-user-events", "A user's event history", ["table:read", "secret:session"]),
  "list-audit-events": http("list-audit-events", "The tenant's audit events", [
    "table:read",
    "secret:session",
  ]),
  "reset-sso-pin": http("reset-sso-pin", "Reset a user's SSO PIN (and notify them)", [
    "table:read",
    "table:write",
    "secret:session",
    "queue:email:send",
  ]),
  "verify-sso-pin": http(
    "verify-sso-pin",
    "Check an SSO PIN (step-up)",
    ["table:read", "table:write", "secret:pepper", "secret:session"],
    hashing,
  ),
  "setup-sso-pin": http(
    "setup-sso-pin",
    "Create a new SSO PIN",
    ["table:read", "table:write", "secret:pepper", "secret:session"],
    hashing,
  ),
  "introspect-step-up": http("introspect-step-up", "Check a step-up token", ["table:read", "secret:session"]),
  "get-early-years": http("get-early-years", "Early-years PIN login settings", [
    "table:read",
    "secret:session",
  ]),
  "configure-early-years": http("configure-early-years", "Configure early-years PIN login", [
    "table:read",
    "table:write",
    "secret:session",
    "queue:fanout:send",
    "kms:data-key",
  ]),
  "accept-early-years-declaration": http(
    "accept-early-years-declaration",
    "Headteacher's declaration: enable early-years PINs",
    ["table:read", "table:write", "secret:session", "queue:fanout:send", "kms:data-key"],
  ),
  "list-class-pupil-pins": http("list-class-pupil-pins", "A class's pupil PIN statuses", [
    "table:read",
    "secret:session",
  ]),
  "randomise-class-pupil-pins": http("randomise-class-pupil-pins", "Random PINs for a class (job)", [
    "table:read",
    "table:write",
    "secret:session",
    "queue:fanout:send",
    "kms:data-key",
  ]),
  "change-pupil-pin": http(
    "change-pupil-pin",
    "Set a pupil's PIN",
    ["table:read", "table:write", "secret:pepper", "secret:session"],
    hashing,
  ),
  "randomise-pupil-pin": http(
    "randomise-pupil-pin",
    "A random PIN for one pupil",
    ["table:read", "table:write", "secret:pepper", "secret:session"],
    hashing,
  ),
  "create-pupil-session": http(
    "create-pupil-session",
    "Pupil sign-in with a PIN",
    ["table:read", "table:write", "secret:pepper", "secret:session"],
    hashing,
  ),
  "job-fan-out": queue("job-fan-out", "Splits a bulk job into work messages", 60, [
    "table:read",
    "table:write",
    "queue:work:send",
  ]),
  // Pupil-PIN jobs hash PINs (keyed argon2id); a roster job's last chunk may start one (fan-out, job key).
  "job-work": {
    ...queue("job-work", "Processes one work message of a bulk job", 60, [
      "table:read",
      "table:write",
      "queue:fanout:send",
      "queue:email:send",
      "secret:pepper",
      "kms:data-key",
    ]),
    ...hashing,
  },
  // A dead chunk can be the last of its phase: the dead-letter consumer then starts the next phase.
  "job-dead-letter": queue("job-dead-letter", "Counts dead-lettered job messages as failed", 30, [
    "table:read",
    "table:write",
    "queue:fanout:send",
    "kms:data-key",
  ]),
  ...emailFunctions,
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;
