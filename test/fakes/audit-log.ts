import { type AuditEvent, matchesAuditFilter } from "../../lib/domain/audit.js";
import type { AuditLog, AuditPage } from "../../lib/ports/audit-log.js";
import { copy, pageOf, tick } from "./support.js";

/** `DynamoAuditLog` in memory: one event per (tenant, user or tenant-wide, time, id); lists newest first. */
export class FakeAuditLog implements AuditLog {
  private readonly events = new Map<string, AuditEvent>();

  private key(e: AuditEvent) {
    return `${e.tenantId}|${e.userId ?? ""}|${e.at}#${e.eventId}`;
  }

  /** Every event recorded, oldest first (for assertions). */
  all(): AuditEvent[] {
    return [...this.events.values()].map(copy).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  async record(event: AuditEvent): Promise<void> {
    await tick();
    this.events.set(this.key(event), copy(event));
  }

  async recordMany(events: readonly AuditEvent[]): Promise<void> {
    await tick();
    for (const event of events) this.events.set(this.key(event), copy(event));
  }

  async forUser(tenantId: string, userId: string, page: AuditPage) {
    return this.list((e) => e.tenantId === tenantId && e.userId === userId, page);
  }

  async forTenant(tenantId: string, page: AuditPage) {
    return this.list((e) => e.tenantId === tenantId && e.userId === undefined, page);
  }

  private async list(match: (e: AuditEvent) => boolean, page: AuditPage) {
    await tick();
    const newestFirst = [...this.events.entries()]
      .filter(([, e]) => match(e) && matchesAuditFilter(e, page))
      .sort(([a], [b]) => (a < b ? 1 : -1));
    const result = pageOf(newestFirst, ([key]) => key, page.limit, page.cursor);
    return { items: result.items.map(([, e]) => e), ...(result.cursor && { cursor: result.cursor }) };
  }
}
