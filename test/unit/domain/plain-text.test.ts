import { describe, expect, it } from "vitest";
import { assertValidLayout, defaultLayouts } from "../../../lib/domain/email-layout.js";
import { ValidationError } from "../../../lib/domain/errors.js";
import { hasControlCharacters, plainName } from "../../../lib/domain/plain-text.js";
import { groupRow, userRow } from "../../../lib/domain/roster.js";

const hostile = [
  "Amy\r\nBcc: all@school.example",
  "Amy\nSmith",
  "Amy\rSmith",
  "Amy\tSmith",
  "Amy\u0000",
  "Amy\u0007Smith",
  "Amy\u007F",
  "Amy\u0085Smith",
  "Amy\u2028Smith",
  "Amy\u2029Smith",
  "\u202Egnp.exe",
  "Amy\u2066Smith",
];

describe("plain names", () => {
  it("refuse line breaks, control characters and bidi overrides", () => {
    for (const text of hostile) {
      expect(hasControlCharacters(text), JSON.stringify(text)).toBe(true);
      expect(plainName(100).safeParse(text).success, JSON.stringify(text)).toBe(false);
    }
  });

  it("accept names from any script, with accents, apostrophes, hyphens and joiners", () => {
    for (const text of ["Zoë O'Brien-Smith", "Łucja", "محمد", "श्रीनिवास", "李小龙", "Anne\u200DMarie"]) {
      expect(plainName(100).safeParse(text).success, text).toBe(true);
    }
  });

  it("apply to roster users and groups", () => {
    const user = {
      externalId: "U1",
      username: "amy.s",
      forename: "Amy",
      surname: "Smith",
      userType: "staff",
    };
    expect(userRow.safeParse(user).success).toBe(true);
    expect(userRow.safeParse({ ...user, forename: "Amy\r\nBcc: x@evil.example" }).success).toBe(false);
    expect(userRow.safeParse({ ...user, surname: "Smith\u0000" }).success).toBe(false);
    const group = { externalId: "G1", name: "Robins", type: "class" };
    expect(groupRow.safeParse(group).success).toBe(true);
    expect(groupRow.safeParse({ ...group, name: "Robins\nWrens" }).success).toBe(false);
    expect(groupRow.safeParse({ ...group, yearGroup: "Year\u00071" }).success).toBe(false);
  });
});

describe("layout subjects", () => {
  it("refuse any control character, not only line breaks", () => {
    const base = defaultLayouts.PINCODE_EMAIL_BODY;
    expect(() => assertValidLayout(base)).not.toThrow();
    for (const subject of ["Hello\u0007", "Hello\u0085there", "Hello\u2028there", "Hello\tthere"]) {
      expect(() => assertValidLayout({ ...base, subject }), JSON.stringify(subject)).toThrow(ValidationError);
    }
  });
});
