/**
 * Every Lambda function of the service: its entry module and what it may touch.
 * The CDK app turns each into one `ServiceFunction` with least-privilege grants; the local runtime imports the
 * same entry module and invokes its exported `handler`.
 */
export type Access =
  | "table:read"
  | "table:write"
  | "queue:fanout:send"
  | "queue:work:send"
  | "queue:email:send"
  | "ses:send"
  /** Create and update the deployment's SES templates (tenants' layouts). */
  | "ses:templates"
  | "secret:pepper"
  | "secret:session"
  /** Seal and open secrets (temporary passwords, job keys): KMS GenerateDataKey and Decrypt on the data key. */
  | "kms:data-key";

export type FunctionDeclaration = {
  /** Path of the module, from the project root, that exports `handler`. */
  entry: string;
  description: string;
  timeoutSeconds: number;
  memoryMb: number;
  access: readonly Access[];
  /** Uses the native argon2 binding (shipped to Lambda as a layer, not bundled). */
  argon2?: boolean;
};

const http = (
  name: string,
  description: string,
  access: readonly Access[],
  extra: Partial<FunctionDeclaration> = {},
): FunctionDeclaration => ({
  entry: `functions/http/${name}.ts`,
  description,
  timeoutSeconds: 10,
  memoryMb: 512,
  access,
  ...extra,
});

const queue = (
  name: string,
  description: string,
  timeoutSeconds: number,
  access: readonly Access[],
): FunctionDeclaration => ({
  entry: `functions/queue/${name}.ts`,
  description,
  timeoutSeconds,
  memoryMb: 512,
  access,
});

/** argon2id with m=19 MiB needs headroom; 1 GiB also buys a faster CPU share on Lambda. */
const hashing = { memoryMb: 1024, argon2: true } as const;

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
  "assign-pin-code": http(
    "assign-pin-code",
    "Assign or regenerate a user's PIN code and email it",
    ["table:read", "table:write", "secret:pepper", "secret:session", "queue:email:send", "kms:data-key"],
    hashing,
  ),
  "revoke-pin-code": http("revoke-pin-code", "Revoke a user's PIN code", [
    "table:read",
    "table:write",
    "secret:session",
  ]),
  // Public: no session secret. Seals the new user's temporary password (data key) for the sign-in and the email.
  "sign-up-with-pin-code": http(
    "sign-up-with-pin-code",
    "Sign up a new user with a PIN code",
    ["table:read", "table:write", "secret:pepper", "queue:email:send", "kms:data-key"],
    hashing,
  ),
  "sign-up-page": http("sign-up-page", "Page: PIN-code sign-up", []),
  "sign-up-form": http(
    "sign-up-form",
    "Page: PIN-code sign-up form submission",
    ["table:read", "table:write", "secret:pepper", "queue:email:send", "kms:data-key"],
    hashing,
  ),
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
  // Reads and records delivery status, takes send slots, puts an email back on the queue to wait out the quota,
  // opens sealed merge values, and publishes a tenant's template again if SES lost it.
  "send-email": queue("send-email", "Sends queued emails through SES at the account's pace", 30, [
    "table:read",
    "table:write",
    "queue:email:send",
    "ses:send",
    "ses:templates",
    "kms:data-key",
  ]),
  "email-dead-letter": queue("email-dead-letter", "Records dead-lettered emails as failed", 30, [
    "table:read",
    "table:write",
  ]),
  "list-emails": http("list-emails", "Delivery status of the tenant's emails", [
    "table:read",
    "secret:session",
  ]),
  "get-email": http("get-email", "Delivery status of one email", ["table:read", "secret:session"]),
  "list-email-layouts": http("list-email-layouts", "The tenant's email layouts", [
    "table:read",
    "secret:session",
  ]),
  "get-email-layout": http("get-email-layout", "One email layout", ["table:read", "secret:session"]),
  "save-email-layout": http("save-email-layout", "Save an email layout and publish its SES template", [
    "table:read",
    "table:write",
    "secret:session",
    "ses:templates",
  ]),
  "import-email-layouts": http("import-email-layouts", "Import the default email layouts", [
    "table:read",
    "table:write",
    "secret:session",
    "ses:templates",
  ]),
  "preview-email-layout": http("preview-email-layout", "Render an email layout with sample values", [
    "table:read",
    "secret:session",
  ]),
  // Password reset by email: a request seals the link into its email; completing hashes the new password.
  "request-password-reset": http("request-password-reset", "Forgot password: email a reset link", [
    "table:read",
    "table:write",
    "queue:email:send",
    "kms:data-key",
  ]),
  "complete-password-reset": http(
    "complete-password-reset",
    "Set a new password with a reset link",
    ["table:read", "table:write", "secret:pepper", "queue:email:send"],
    hashing,
  ),
  "forgot-password-page": http("forgot-password-page", "Page: ask for a reset link", []),
  "forgot-password-form": http("forgot-password-form", "Page: forgot-password form submission", [
    "table:read",
    "table:write",
    "queue:email:send",
    "kms:data-key",
  ]),
  "reset-password-page": http("reset-password-page", "Page: choose a new password", ["table:read"]),
  "reset-password-form": http(
    "reset-password-form",
    "Page: reset form submission",
    ["table:read", "table:write", "secret:pepper", "queue:email:send"],
    hashing,
  ),
  "start-reset-emails": http("start-reset-emails", "Email reset links to groups (bulk job)", [
    "table:read",
    "table:write",
    "secret:session",
    "queue:fanout:send",
  ]),
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;
