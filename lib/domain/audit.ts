/**
 * Audit events: one per tenant-level action (who, when, what, how many) and one per affected user, shown in that
 * user's event history. Events carry ids, names and counts, never a secret.
 */
export const auditActions = [
  "temporary-passwords.regenerated",
  "temporary-password.regenerated",
  "temporary-password.reset",
  "temporary-password.revealed",
  "temporary-password.report-retrieved",
  "password.set-by-user",
  "password-policies.updated",
  "sso-pin.reset",
  "sso-pin.set",
  "early-years.settings-updated",
  "early-years.declaration-accepted",
  "pupil-pins.generated",
  "pupil-pin.created",
  "pupil-pin.changed",
  "pupil-pin.slips-retrieved",
  "email-layout.saved",
  "email-layouts.imported",
  "password.reset-by-email",
  "password-reset-emails.sent",
  "pin-code.assigned",
  "pin-code.emailed",
  "pin-code.revoked",
  "user.signed-up-with-pin-code",
  "sessions.revoked",
  "user.disabled",
  "user.enabled",
  "api-key.created",
  "api-key.revoked",
  "email.verification-sent",
  "email.verified",
  "email-verification-emails.sent",
  "authenticator.enrolled",
  "authenticator.removed",
  "authenticators.reset-by-admin",
  "recovery-codes.issued",
  "recovery-code.used",
  "latchkey-id.created",
  "latchkey-id.consented",
  "latchkey-id.unlinked",
  "latchkey-id.password-set",
  "latchkey-id.switched",
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditEvent = {
  tenantId: string;
  /** Unique and stable for one occurrence, so recording it twice (a retried message) keeps one event. */
  eventId: string;
  at: string;
  /** `user:<id>` or `api-key:<id>` (see `actorOf`). */
  actor: string;
  action: AuditAction;
  /** The user the event is about (user events); absent for tenant-wide events. */
  userId?: string;
  /** Non-secret facts: job id, group ids and names, counts. */
  details: Record<string, string | number | boolean | string[]>;
};
