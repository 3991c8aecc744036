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

/**
 * A filter of an event list: one kind of event (an action), and a time window `from` (inclusive) to `to`
 * (exclusive), both ISO instants (`GET /v1/audit-events?kind=&from=&to=`).
 */
export type AuditFilter = { kind?: AuditAction; from?: string; to?: string };

/** Whether an event passes the filter (what the store's key range and filter select). */
export function matchesAuditFilter(event: Pick<AuditEvent, "action" | "at">, filter: AuditFilter): boolean {
  if (filter.kind && event.action !== filter.kind) return false;
  const at = new Date(event.at).getTime();
  if (filter.from && at < new Date(filter.from).getTime()) return false;
  if (filter.to && at >= new Date(filter.to).getTime()) return false;
  return true;
}

/** An action as a person reads it: "temporary-password.revealed" → "Temporary password revealed". */
export function auditActionLabel(action: AuditAction): string {
  const text = action
    .replace(/[.-]/g, " ")
    .replace("latchkey id", "Latchkey ID")
    .replace("sso pin", "SSO PIN")
    .replace("api key", "API key");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The instant a school's calendar day starts (`YYYY-MM-DD` in its IANA time zone), e.g. 2026-07-01 in
 * Europe/London → 2026-06-30T23:00:00.000Z. Used to turn the console's date filters into instants.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // The zone's offset at a moment (twice: a day starting just after a change of offset).
  const offsetAt = (ms: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      })
        .formatToParts(new Date(ms))
        .map((p) => [p.type, p.value]),
    );
    const local = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return local - ms;
  };
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first));
}
