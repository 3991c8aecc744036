import { describe, expect, it } from "vitest";
import type { User } from "../../../lib/domain/model.js";
import type { UserRow } from "../../../lib/domain/roster.js";
import { mergeRosterRow, RosterRowRefusedError, userFromRosterRow } from "../../../lib/domain/user-merge.js";

const created = new Date("2025-01-01T08:00:00.000Z");
const later = new Date("2025-02-01T08:00:00.000Z");

const row = (overrides: Partial<UserRow> = {}): UserRow => ({
  externalId: "MIS-1",
  username: "ava.khan",
  forename: "Ava",
  surname: "Khan",
  email: "ava@school.example",
  emailVerified: true,
  dateOfBirth: "2018-03-04",
  userType: "student",
  permissions: [],
  profiles: [],
  companyExceptions: [],
  ...overrides,
});

describe("userFromRosterRow", () => {
  it("makes an active user at version 1 with the row's fields, its email unverified whatever the row says", () => {
    expect(userFromRosterRow("t1", "u1", row(), created)).toEqual({
      tenantId: "t1",
      userId: "u1",
      externalId: "MIS-1",
      username: "ava.khan",
      forename: "Ava",
      surname: "Khan",
      email: "ava@school.example",
      emailVerified: false,
      dateOfBirth: "2018-03-04",
      userType: "student",
      roles: ["pupil"],
      permissions: [],
      profiles: [],
      companyExceptions: [],
      status: "active",
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      version: 1,
    });
  });

  it("gives the default roles of the user type when the row names none, and the row's roles when it does", () => {
    expect(userFromRosterRow("t1", "u1", row({ userType: "staff" }), created).roles).toEqual(["staff"]);
    expect(userFromRosterRow("t1", "u1", row({ userType: "parent" }), created).roles).toEqual([]);
    expect(
      userFromRosterRow("t1", "u1", row({ userType: "staff", roles: ["class-teacher"] }), created).roles,
    ).toEqual(["class-teacher"]);
  });

  it("never marks a missing email verified", () => {
    expect(
      userFromRosterRow("t1", "u1", row({ email: undefined, emailVerified: true }), created).emailVerified,
    ).toBe(false);
  });
});

describe("mergeRosterRow", () => {
  const current = (overrides: Partial<User> = {}): User => ({
    ...userFromRosterRow("t1", "u1", row({ roles: ["pupil", "staff"] }), created),
    claimedAt: "2025-01-10T00:00:00.000Z",
    ...overrides,
  });

  it("changes nothing when the row matches the user", () => {
    expect(mergeRosterRow(current(), row({ roles: ["pupil", "staff"] }), later)).toBeUndefined();
  });

  it("keeps the current roles when the row names none", () => {
    expect(mergeRosterRow(current(), row(), later)).toBeUndefined();
    expect(mergeRosterRow(current(), row({ surname: "Khan-Smith" }), later)?.roles).toEqual([
      "pupil",
      "staff",
    ]);
  });

  it("overwrites every roster field from the row, bumps the version and keeps what the roster does not send", () => {
    const next = mergeRosterRow(
      current({ status: "disabled" }),
      row({ surname: "Smith", roles: ["pupil"], permissions: ["read"], dateOfBirth: undefined }),
      later,
    );
    expect(next).toMatchObject({
      surname: "Smith",
      roles: ["pupil"],
      permissions: ["read"],
      dateOfBirth: undefined,
      status: "disabled",
      claimedAt: "2025-01-10T00:00:00.000Z",
      createdAt: created.toISOString(),
      updatedAt: later.toISOString(),
      version: 2,
    });
  });

  it("never takes emailVerified from the row: kept while the address is the same, false when it changes", () => {
    const verified = current({ emailVerified: true });
    expect(
      mergeRosterRow(verified, row({ email: "AVA@school.example", emailVerified: false }), later),
    ).toBeUndefined();
    expect(mergeRosterRow(verified, row({ email: undefined, emailVerified: true }), later)).toMatchObject({
      email: undefined,
      emailVerified: false,
    });
    expect(
      mergeRosterRow(verified, row({ email: "new@school.example", emailVerified: true }), later),
    ).toMatchObject({
      email: "new@school.example",
      emailVerified: false,
    });
    expect(mergeRosterRow(current(), row({ emailVerified: true, surname: "X" }), later)?.emailVerified).toBe(
      false,
    );
  });

  it("refuses a row that grants a privileged role, to a new user or an existing one", () => {
    for (const role of ["site-admin", "headteacher", "nominated-contact"] as const) {
      expect(() =>
        userFromRosterRow("t1", "u1", row({ userType: "staff", roles: ["staff", role] }), created),
      ).toThrow(RosterRowRefusedError);
      expect(() => mergeRosterRow(current(), row({ roles: ["staff", role] }), later)).toThrow(
        `a roster may not grant ${role}`,
      );
    }
  });

  it("keeps the privileged roles a user holds whatever the row says, and lets it change the others", () => {
    const head = current({ roles: ["staff", "headteacher"], userType: "staff" });
    expect(mergeRosterRow(head, row({ userType: "staff", roles: ["staff"] }), later)).toBeUndefined();
    expect(
      mergeRosterRow(head, row({ userType: "staff", roles: ["headteacher", "staff"] }), later),
    ).toBeUndefined();
    expect(mergeRosterRow(head, row({ userType: "staff", roles: ["class-teacher"] }), later)?.roles).toEqual([
      "headteacher",
      "class-teacher",
    ]);
  });

  it("refuses to change the email or the status of a privileged user, and allows other changes", () => {
    const admin = current({ roles: ["site-admin"], userType: "staff" });
    const same = { userType: "staff" as const, roles: ["site-admin" as const] };
    expect(() => mergeRosterRow(admin, row({ ...same, email: "evil@attacker.example" }), later)).toThrow(
      "may not change the email of a privileged user",
    );
    expect(() => mergeRosterRow(admin, row({ ...same, email: undefined }), later)).toThrow(
      RosterRowRefusedError,
    );
    expect(() => mergeRosterRow(admin, row({ ...same, status: "left" }), later)).toThrow(
      RosterRowRefusedError,
    );
    expect(mergeRosterRow(admin, row({ ...same, surname: "Jones" }), later)?.surname).toBe("Jones");
  });

  it("sets the status from the row and ends the sessions of a user who stops being active", () => {
    const left = mergeRosterRow(current(), row({ status: "left" }), later);
    expect(left).toMatchObject({ status: "left", sessionsValidAfter: later.toISOString(), version: 2 });
    const back = mergeRosterRow(current({ status: "left" }), row({ status: "active" }), later);
    expect(back?.status).toBe("active");
    expect(mergeRosterRow(current({ status: "disabled" }), row(), later)).toBeUndefined();
    expect(userFromRosterRow("t1", "u1", row({ status: "disabled" }), created)).toMatchObject({
      status: "disabled",
      sessionsValidAfter: created.toISOString(),
    });
  });
});
