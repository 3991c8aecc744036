import type { AuditEvent } from "../domain/audit.js";
import type { Page } from "./user-repository.js";

/** Tenant audit events and per-user event histories, newest first. */
export interface AuditLog {
  /** Idempotent by `eventId` and `at`: recording the same event again keeps one. */
  record(event: AuditEvent): Promise<void>;
  recordMany(events: readonly AuditEvent[]): Promise<void>;
  forUser(
    tenantId: string,
    userId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<AuditEvent>>;
  forTenant(tenantId: string, page: { limit: number; cursor?: string }): Promise<Page<AuditEvent>>;
}
