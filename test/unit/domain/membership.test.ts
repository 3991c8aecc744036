import { describe, expect, it } from "vitest";
import { bySchoolName, isActiveMembership } from "../../../lib/domain/membership.js";

const consented = { tenantId: "oak", consentedAt: "2026-01-01T00:00:00.000Z", verified: false };
const proven = { emailProvenAt: "2026-01-02T00:00:00.000Z", schools: ["oak", "river"] };
const active = { status: "active" };

describe("isActiveMembership", () => {
  it("is a membership when the school consented, the email was proven and the account is active", () => {
    expect(isActiveMembership(consented, proven, active)).toBe(true);
    expect(isActiveMembership({ ...consented, verified: true }, {}, active)).toBe(true);
  });

  it("is not without the school's consent", () => {
    expect(isActiveMembership({ tenantId: "oak", verified: true }, proven, active)).toBe(false);
  });

  it("is not until the person proved the email (by the link or the account's verified email)", () => {
    expect(isActiveMembership(consented, {}, active)).toBe(false);
    expect(isActiveMembership(consented, undefined, active)).toBe(false);
  });

  it("counts the identity's own proof only in the schools the person asked for; elsewhere the account's email must be verified", () => {
    const elsewhere = { ...consented, tenantId: "evil-academy" };
    expect(isActiveMembership(elsewhere, proven, active)).toBe(false);
    expect(isActiveMembership({ ...elsewhere, verified: true }, proven, active)).toBe(true);
    expect(isActiveMembership(consented, { emailProvenAt: proven.emailProvenAt }, active)).toBe(false);
  });

  it("ends at once when the account left, was disabled or is gone", () => {
    expect(isActiveMembership(consented, proven, { status: "left" })).toBe(false);
    expect(isActiveMembership(consented, proven, { status: "disabled" })).toBe(false);
    expect(isActiveMembership(consented, proven, undefined)).toBe(false);
  });
});

describe("bySchoolName", () => {
  it("orders by school name, case-insensitively, then id", () => {
    const list = [
      { tenantId: "c", tenantName: "oakfield" },
      { tenantId: "b", tenantName: "Ash Grove" },
      { tenantId: "a", tenantName: "Oakfield" },
      { tenantId: "d" },
    ];
    expect(list.sort(bySchoolName).map((m) => m.tenantId)).toEqual(["b", "d", "a", "c"]);
  });
});
