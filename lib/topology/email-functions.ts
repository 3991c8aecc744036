import { type FunctionDeclaration, hashing, http, queue } from "./function-declarations.js";

/**
 * The functions of email (issue #5): delivery, layouts, password reset by email and PIN-code self-registration.
 * Part of `functions` (`functions.ts`).
 */
export const emailFunctions = {
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
} as const satisfies Record<string, FunctionDeclaration>;
