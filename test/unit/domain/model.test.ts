import { describe, expect, it } from "vitest";
import { defaultRolesFor, normaliseEmail, normaliseUsername } from "../../../lib/domain/model.js";

describe("normaliseUsername", () => {
  it("lower-cases and trims when the username has capitals and padding", () => {
    expect(normaliseUsername("  Ada.Lovelace ")).toBe("ada.lovelace");
  });

  it("folds fullwidth letters to ASCII when the username is typed on a CJK keyboard", () => {
    expect(normaliseUsername("ＡＤＡ")).toBe("ada");
    expect(normaliseUsername("ＡＤＡ")).toBe(normaliseUsername("ada"));
  });

  it("folds compatibility ligatures when the username contains them", () => {
    expect(normaliseUsername("\uFB01nn")).toBe("finn");
  });

  it("keeps different usernames different", () => {
    expect(normaliseUsername("ada1")).not.toBe(normaliseUsername("ada2"));
  });
});

describe("normaliseEmail", () => {
  it("lower-cases the whole address including the local part and trims it", () => {
    expect(normaliseEmail(" Ada.Lovelace@School.EXAMPLE ")).toBe("ada.lovelace@school.example");
  });

  it("folds fullwidth characters to ASCII", () => {
    expect(normaliseEmail("ａｄａ＠ｅｘａｍｐｌｅ．ｏｒｇ")).toBe("ada@example.org");
  });
});

describe("defaultRolesFor", () => {
  it("gives students the pupil role and staff the staff role", () => {
    expect(defaultRolesFor("student")).toEqual(["pupil"]);
    expect(defaultRolesFor("staff")).toEqual(["staff"]);
  });

  it("gives parents and others no roles", () => {
    expect(defaultRolesFor("parent")).toEqual([]);
    expect(defaultRolesFor("other")).toEqual([]);
  });

  it("returns a fresh array each time so callers cannot share mutations", () => {
    const first = defaultRolesFor("student");
    first.push("site-admin");
    expect(defaultRolesFor("student")).toEqual(["pupil"]);
  });
});
