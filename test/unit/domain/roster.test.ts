import { describe, expect, it } from "vitest";
import { type RosterInput, rowCount, validateRoster } from "../../../lib/domain/roster.js";

const today = "2025-03-01";

const user = (externalId: string, username: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  username,
  forename: "Ada",
  surname: "Lovelace",
  userType: "student",
  ...extra,
});
const group = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  name: `Class ${externalId}`,
  type: "class",
  ...extra,
});
const link = (groupExternalId: string, userExternalId: string) => ({ groupExternalId, userExternalId });
const rows = (...values: unknown[]) => values.map((value, i) => ({ line: i + 2, value }));

describe("validateRoster", () => {
  it("accepts valid rows of every section and fills the defaults", () => {
    const { valid, errors } = validateRoster(
      {
        groups: rows(group("g1", { yearGroup: "Year 3" })),
        users: rows(user("u1", "ada.l")),
        memberships: rows(link("g1", "u1")),
        classTeachers: rows(link("g1", "u1")),
      },
      today,
    );
    expect(errors).toEqual([]);
    expect(rowCount(valid)).toBe(4);
    expect(valid.users).toEqual([
      {
        section: "users",
        line: 2,
        row: {
          externalId: "u1",
          username: "ada.l",
          forename: "Ada",
          surname: "Lovelace",
          userType: "student",
          emailVerified: false,
          permissions: [],
          profiles: [],
          companyExceptions: [],
        },
      },
    ]);
    expect(valid.groups[0]?.row).toEqual({
      externalId: "g1",
      name: "Class g1",
      type: "class",
      yearGroup: "Year 3",
    });
    expect(valid.memberships[0]).toEqual({ section: "memberships", line: 2, row: link("g1", "u1") });
    expect(valid.classTeachers[0]?.section).toBe("classTeachers");
  });

  it("trims text fields when the MIS export pads them", () => {
    const { valid } = validateRoster({ users: rows(user("  u1 ", " ada.l ", { forename: " Ada " })) }, today);
    expect(valid.users[0]?.row).toMatchObject({ externalId: "u1", username: "ada.l", forename: "Ada" });
  });

  it("treats an absent section as empty", () => {
    const { valid, errors } = validateRoster({}, today);
    expect(errors).toEqual([]);
    expect(rowCount(valid)).toBe(0);
  });

  it("reports an unknown field by name on its row", () => {
    const { valid, errors } = validateRoster({ users: rows(user("u1", "ada.l", { shoeSize: 9 })) }, today);
    expect(valid.users).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ section: "users", line: 2 });
    expect(errors[0]?.reason).toContain("shoeSize");
  });

  it("refuses a date of birth after today and accepts one on today", () => {
    const { valid, errors } = validateRoster(
      {
        users: rows(
          user("u1", "ada.l", { dateOfBirth: "2025-03-02" }),
          user("u2", "bo.b", { dateOfBirth: today }),
        ),
      },
      today,
    );
    expect(errors).toEqual([{ section: "users", line: 2, reason: "dateOfBirth: must not be in the future" }]);
    expect(valid.users.map((u) => u.row.externalId)).toEqual(["u2"]);
  });

  it("judges the future against the today passed in, not the real clock", () => {
    const input: RosterInput = { users: rows(user("u1", "ada.l", { dateOfBirth: "2030-06-01" })) };
    expect(validateRoster(input, "2030-05-31").errors).toHaveLength(1);
    expect(validateRoster(input, "2030-06-01").errors).toHaveLength(0);
  });

  it("names the field path when the email, date or user type is malformed", () => {
    const { errors } = validateRoster(
      {
        users: rows(
          user("u1", "ada.l", { email: "not-an-email" }),
          user("u2", "bo.b", { dateOfBirth: "01/02/2015" }),
          user("u3", "cy.c", { userType: "teacher" }),
        ),
      },
      today,
    );
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[0]?.reason).toMatch(/^email: /);
    expect(errors[1]?.reason).toMatch(/^dateOfBirth: /);
    expect(errors[2]?.reason).toMatch(/^userType: /);
  });

  it("refuses calendar dates that do not exist and accepts 29 February in a leap year", () => {
    const { valid, errors } = validateRoster(
      {
        users: rows(
          user("u1", "ada.l", { dateOfBirth: "2015-02-30" }),
          user("u2", "bo.b", { dateOfBirth: "2016-02-29" }),
          user("u3", "cy.c", { dateOfBirth: "2015-02-29" }),
        ),
      },
      today,
    );
    expect(valid.users.map((u) => u.row.externalId)).toEqual(["u2"]);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors.every((e) => e.reason.startsWith("dateOfBirth: "))).toBe(true);
  });

  it("names the element path when a list holds an unknown role", () => {
    const { errors } = validateRoster(
      { users: rows(user("u1", "ada.l", { roles: ["staff", "wizard"] })) },
      today,
    );
    expect(errors[0]?.reason).toMatch(/^roles\.1: /);
  });

  it("reports a duplicate user externalId on the later row with the first line", () => {
    const { valid, errors } = validateRoster({ users: rows(user("u1", "ada.l"), user("u1", "bo.b")) }, today);
    expect(valid.users.map((u) => u.line)).toEqual([2]);
    expect(errors).toEqual([
      { section: "users", line: 3, reason: "duplicate user externalId (first at line 2)" },
    ]);
  });

  it("reports a duplicate username ignoring case and compatibility forms", () => {
    const { valid, errors } = validateRoster(
      { users: rows(user("u1", "ada.l"), user("u2", "ADA.L"), user("u3", "ａｄａ.ｌ"), user("u4", "ada.m")) },
      today,
    );
    expect(valid.users.map((u) => u.row.externalId)).toEqual(["u1", "u4"]);
    expect(errors).toEqual([
      { section: "users", line: 3, reason: "duplicate username (first at line 2)" },
      { section: "users", line: 4, reason: "duplicate username (first at line 2)" },
    ]);
  });

  it("reports a duplicate group externalId on the later row", () => {
    const { valid, errors } = validateRoster({ groups: rows(group("g1"), group("g2"), group("g1")) }, today);
    expect(valid.groups.map((g) => g.line)).toEqual([2, 3]);
    expect(errors).toEqual([
      { section: "groups", line: 4, reason: "duplicate group externalId (first at line 2)" },
    ]);
  });

  it("allows a user and a group to share an externalId because they are different kinds", () => {
    const { errors } = validateRoster({ groups: rows(group("x1")), users: rows(user("x1", "ada.l")) }, today);
    expect(errors).toEqual([]);
  });

  it("reports a duplicate link within a section but allows the same pair in the other link section", () => {
    const { valid, errors } = validateRoster(
      {
        memberships: rows(link("g1", "u1"), link("g1", "u2"), link("g1", "u1")),
        classTeachers: rows(link("g1", "u1")),
      },
      today,
    );
    expect(valid.memberships.map((m) => m.line)).toEqual([2, 3]);
    expect(valid.classTeachers).toHaveLength(1);
    expect(errors).toEqual([{ section: "memberships", line: 4, reason: "duplicate link (first at line 2)" }]);
  });

  it("keeps every valid row when invalid rows are mixed in", () => {
    const { valid, errors } = validateRoster(
      {
        users: rows(
          user("u1", "ada.l"),
          { externalId: "u2" },
          user("u3", "cy.c"),
          user("u4", "x"),
          user("u5", "eve"),
        ),
      },
      today,
    );
    expect(valid.users.map((u) => u.row.externalId)).toEqual(["u1", "u3", "u5"]);
    expect(errors.map((e) => e.line)).toEqual([3, 5]);
  });

  it("does not let an invalid row claim a username that a later valid row uses", () => {
    const { valid, errors } = validateRoster(
      { users: rows(user("u1", "ada.l", { userType: "alien" }), user("u2", "ada.l")) },
      today,
    );
    expect(valid.users.map((u) => u.row.externalId)).toEqual(["u2"]);
    expect(errors.map((e) => e.line)).toEqual([2]);
  });

  it("sorts errors by section order then line, whatever order they were found in", () => {
    const { errors } = validateRoster(
      {
        classTeachers: rows({}),
        memberships: rows(link("g1", "u1"), {}),
        users: [
          { line: 9, value: {} },
          { line: 4, value: user("u1", "ada.l", { dateOfBirth: "2099-01-01" }) },
        ],
        groups: [
          { line: 7, value: group("g1") },
          { line: 5, value: group("g1") },
          { line: 3, value: {} },
        ],
      },
      today,
    );
    expect(errors.map((e) => `${e.section}:${e.line}`)).toEqual([
      "groups:3",
      "groups:5",
      "users:4",
      "users:9",
      "memberships:3",
      "classTeachers:2",
    ]);
  });
});
