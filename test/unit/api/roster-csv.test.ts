import { describe, expect, it } from "vitest";
import { CsvHeaderError, rosterFromCsv } from "../../../lib/api/roster-csv.js";
import { validateRoster } from "../../../lib/domain/roster.js";

const csv = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("rosterFromCsv", () => {
  it("maps header names to fields and keeps each record's physical line number", () => {
    const input = rosterFromCsv(
      "groups",
      csv("externalId,name,type", "g1,Class 1,class", "g2,Year 3,year-group"),
    );
    expect(input).toEqual({
      groups: [
        { line: 2, value: { externalId: "g1", name: "Class 1", type: "class" } },
        { line: 3, value: { externalId: "g2", name: "Year 3", type: "year-group" } },
      ],
    });
  });

  it("skips a blank line but still counts it in later line numbers", () => {
    const input = rosterFromCsv("memberships", csv("groupExternalId,userExternalId", "g1,u1", "", "g1,u2"));
    expect(input.memberships?.map((r) => r.line)).toEqual([2, 4]);
    expect(input.memberships?.[1]?.value).toEqual({ groupExternalId: "g1", userExternalId: "u2" });
  });

  it("splits ;-separated lists, trimming and dropping empty entries", () => {
    const input = rosterFromCsv(
      "users",
      csv("externalId,roles,permissions,profiles", "u1,staff; site-admin,read;;write ,p1"),
    );
    expect(input.users?.[0]?.value).toEqual({
      externalId: "u1",
      roles: ["staff", "site-admin"],
      permissions: ["read", "write"],
      profiles: ["p1"],
    });
  });

  it("reads yes/no, true/false and 1/0 in any case as booleans for emailVerified", () => {
    const values = ["yes", "No", "TRUE", "false", "1", "0"];
    const input = rosterFromCsv(
      "users",
      csv("externalId,emailVerified", ...values.map((v, i) => `u${i},${v}`)),
    );
    expect(input.users?.map((r) => (r.value as { emailVerified: unknown }).emailVerified)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it("leaves an unrecognised boolean as text so validation reports it", () => {
    const input = rosterFromCsv("users", csv("externalId,emailVerified", "u1,maybe"));
    expect(input.users?.[0]?.value).toEqual({ externalId: "u1", emailVerified: "maybe" });
  });

  it("omits empty cells so optional fields are absent rather than empty strings", () => {
    const input = rosterFromCsv("users", csv("externalId,username,email,dateOfBirth", "u1,ada.l,,"));
    expect(input.users?.[0]?.value).toEqual({ externalId: "u1", username: "ada.l" });
  });

  it("trims cells when the export pads them", () => {
    const input = rosterFromCsv("groups", csv("externalId, name ,type", " g1 , Class 1 , class "));
    expect(input.groups?.[0]?.value).toEqual({ externalId: "g1", name: "Class 1", type: "class" });
  });

  it("ignores a UTF-8 byte order mark before the header", () => {
    const input = rosterFromCsv("groups", `\uFEFF${csv("externalId,name,type", "g1,Class 1,class")}`);
    expect(input.groups?.[0]).toEqual({
      line: 2,
      value: { externalId: "g1", name: "Class 1", type: "class" },
    });
  });

  it("throws CsvHeaderError naming every unknown column", () => {
    expect(() => rosterFromCsv("users", csv("externalId,shoeSize,hat", "u1,9,no"))).toThrow(CsvHeaderError);
    expect(() => rosterFromCsv("users", csv("externalId,shoeSize,hat", "u1,9,no"))).toThrow(/shoeSize, hat/);
  });

  it("refuses columns of another section", () => {
    expect(() => rosterFromCsv("groups", csv("externalId,username", "x,y"))).toThrow(CsvHeaderError);
  });

  it("yields no rows when there is only a header", () => {
    expect(rosterFromCsv("users", csv("externalId,username"))).toEqual({ users: [] });
  });

  it("produces rows that validate when the CSV is a valid users export", () => {
    const input = rosterFromCsv(
      "users",
      csv(
        "externalId,username,forename,surname,userType,emailVerified,roles",
        "u1,ada.l,Ada,Lovelace,staff,yes,staff;class-teacher",
      ),
    );
    const { valid, errors } = validateRoster(input, "2025-03-01");
    expect(errors).toEqual([]);
    expect(valid.users[0]?.row).toMatchObject({ emailVerified: true, roles: ["staff", "class-teacher"] });
  });

  it("takes a status column (active, disabled, left); an empty cell leaves the status unchanged", () => {
    const input = rosterFromCsv(
      "users",
      csv(
        "externalId,username,forename,surname,userType,status",
        "u1,ada.l,Ada,Lovelace,staff,left",
        "u2,bob.b,Bob,Babbage,staff,",
        "u3,cy.c,Cy,Clarke,staff,gone",
      ),
    );
    const { valid, errors } = validateRoster(input, "2025-03-01");
    expect(valid.users.map((u) => u.row.status)).toEqual(["left", undefined]);
    expect(errors).toEqual([expect.objectContaining({ line: 4, reason: expect.stringContaining("status") })]);
  });
});
