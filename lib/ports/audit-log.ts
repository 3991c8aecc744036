import type { AuditEvent, AuditFilter } from "../domain/audit.js";
import type { Page } from "./user-repository.js";

/** Tenant audit events and per-user event histories, newest first. */
export interface AuditLog {
  /** Idempotent by `eventId` and `at`: recording the same event again keeps one. */
  record(event: AuditEvent): Promise<void>;
  recordMany(events: readonly AuditEvent[]): Promise<void>;
  /** A page of the user's events, newest first, with an optional kind and time window (`AuditFilter`). */
  forUser(tenantId: string, userId: string, page: AuditPage): Promise<Page<AuditEvent>>;
  /** A page of the tenant-wide events, newest first, with an optional kind and time window (`AuditFilter`). */
  forTenant(tenantId: string, page: AuditPage): Promise<Page<AuditEvent>>;
}

/** Which page of a list (a cursor from the previous page, which must come with the same filter) and its filter. */
export type AuditPage = { limit: number; cursor?: string } & AuditFilter;
