import { describe, expect, it } from "vitest";
import type { User } from "../../../lib/domain/model.js";
import type { UserRow } from "../../../lib/domain/roster.js";
import { mergeRosterRow, userFromRosterRow } from "../../../lib/domain/user-merge.js";

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
  it("makes an active user at version 1 with the row's fields", () => {
    expect(userFromRosterRow("t1", "u1", row(), created)).toEqual({
      tenantId: "t1",
      userId: "u1",
      externalId: "MIS-1",
      username: "ava.khan",
      forename: "Ava",
      surname: "Khan",
      email: "ava@school.example",
      emailVerified: true,
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

  it("resets emailVerified when the email goes, and takes the row's word when it has one", () => {
    expect(mergeRosterRow(current(), row({ email: undefined, emailVerified: true }), later)).toMatchObject({
      email: undefined,
      emailVerified: false,
    });
    expect(mergeRosterRow(current(), row({ emailVerified: false }), later)?.emailVerified).toBe(false);
  });
});
