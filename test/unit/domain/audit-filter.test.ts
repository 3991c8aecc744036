import { describe, expect, it } from "vitest";
import { eventFilter } from "../../../lib/api/console/audit.js";
import { auditActionLabel, matchesAuditFilter, startOfLocalDay } from "../../../lib/domain/audit.js";

describe("audit filters", () => {
  it("starts a school's day at local midnight, across changes of offset and zones", () => {
    expect(startOfLocalDay("2026-07-01", "Europe/London").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(startOfLocalDay("2026-01-15", "Europe/London").toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(startOfLocalDay("2026-03-29", "Europe/London").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(startOfLocalDay("2026-03-30", "Europe/London").toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(startOfLocalDay("2026-10-25", "Europe/London").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(startOfLocalDay("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-07-01", "Asia/Kolkata").toISOString()).toBe("2026-06-30T18:30:00.000Z");
  });

  it("matches kind, from (inclusive) and to (exclusive)", () => {
    const e = { action: "api-key.created" as const, at: "2026-07-01T10:00:00.000Z" };
    expect(matchesAuditFilter(e, {})).toBe(true);
    expect(matchesAuditFilter(e, { kind: "api-key.revoked" })).toBe(false);
    expect(matchesAuditFilter(e, { from: "2026-07-01T10:00:00Z" })).toBe(true);
    expect(matchesAuditFilter(e, { to: "2026-07-01T10:00:00Z" })).toBe(false);
    expect(matchesAuditFilter(e, { from: "2026-07-01T11:00:00+01:00", to: "2026-07-01T10:00:01Z" })).toBe(
      true,
    );
  });

  it("turns the console's inclusive days into a window of instants, refusing one that ends before it starts", () => {
    expect(
      eventFilter({ from: "2026-07-01", to: "2026-07-01", kind: "sso-pin.reset" }, "Europe/London"),
    ).toEqual({
      kind: "sso-pin.reset",
      from: "2026-06-30T23:00:00.000Z",
      to: "2026-07-01T23:00:00.000Z",
    });
    expect(eventFilter({ to: "2026-12-31" }, "Europe/London")).toEqual({ to: "2027-01-01T00:00:00.000Z" });
    expect(eventFilter({ from: "2026-07-02", to: "2026-07-01" }, "Europe/London")).toEqual({
      problem: "The From date must be on or before the To date.",
    });
  });

  it("labels actions for people", () => {
    expect(auditActionLabel("temporary-password.revealed")).toBe("Temporary password revealed");
    expect(auditActionLabel("latchkey-id.switched")).toBe("Latchkey ID switched");
    expect(auditActionLabel("api-key.created")).toBe("API key created");
  });
});
