import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lib/domain/errors.js";
import {
  assertAcceptablePassword,
  normalisePassword,
  passwordLength,
  passwordProblem,
} from "../../../lib/domain/password-rules.js";

/** Not in any common-password list: a random-looking mix. */
const strong = "violet-Kettle-94-orbit";

describe("passwordProblem", () => {
  it("accepts an uncommon password within the length bounds", () => {
    expect(passwordProblem(strong)).toBeUndefined();
  });

  it("refuses 7 characters and accepts 8 when the password is otherwise fine", () => {
    expect(passwordProblem("qZ7#kP2")).toBe("must be at least 8 characters");
    expect(passwordProblem("qZ7#kP2w")).toBeUndefined();
  });

  it("counts code points, not UTF-16 units, when the password holds astral characters", () => {
    // Each emoji is two UTF-16 units: 7 emoji are 14 units but only 7 characters.
    expect(passwordProblem("😀".repeat(7))).toBe("must be at least 8 characters");
    expect(passwordProblem("😀".repeat(8))).toBeUndefined();
  });

  it("counts length after NFKC when a compatibility character expands", () => {
    // U+FB00 (ﬀ) is one code point that NFKC turns into "ff": 4 ligatures are 8 characters.
    expect(normalisePassword("\uFB00")).toBe("ff");
    expect(passwordProblem("\uFB00".repeat(4))).toBeUndefined();
    expect(passwordProblem("\uFB00".repeat(3))).toBe("must be at least 8 characters");
  });

  it("accepts 256 characters and refuses 257", () => {
    expect(passwordLength.max).toBe(256);
    const unit = "xQ7!";
    expect(passwordProblem(unit.repeat(64))).toBeUndefined();
    expect(passwordProblem(`${unit.repeat(64)}z`)).toBe("must be at most 256 characters");
  });

  it("applies the maximum after NFKC when ligatures push the length over 256", () => {
    // 129 code points as typed, 258 after normalisation.
    expect(passwordProblem("\uFB00".repeat(129))).toBe("must be at most 256 characters");
  });

  it("refuses a commonly used password", () => {
    expect(passwordProblem("password")).toMatch(/too common/);
    expect(passwordProblem("iloveyou")).toMatch(/too common/);
  });

  it("refuses a common password whatever its letter case", () => {
    expect(passwordProblem("PaSsWoRd")).toMatch(/too common/);
    expect(passwordProblem("SUNSHINE")).toMatch(/too common/);
  });

  it("refuses a common password typed in fullwidth letters because NFKC folds them", () => {
    expect(passwordProblem("ｐａｓｓｗｏｒｄ")).toMatch(/too common/);
  });

  it("refuses a password containing the username, ignoring case", () => {
    expect(passwordProblem("my-ALICE-kettle-94", { username: "alice" })).toBe(
      "must not contain the username",
    );
    expect(passwordProblem("my-alice-kettle-94", { username: "Alice" })).toBe(
      "must not contain the username",
    );
  });

  it("accepts the same password when no username is given or it does not occur", () => {
    expect(passwordProblem("my-ALICE-kettle-94")).toBeUndefined();
    expect(passwordProblem("my-ALICE-kettle-94", { username: "bob.jones" })).toBeUndefined();
  });

  it("refuses a password whose fullwidth form contains the username", () => {
    expect(passwordProblem("ｍｙａｌｉｃｅｋｅｔｔｌｅ", { username: "alice" })).toBe(
      "must not contain the username",
    );
  });
});

describe("assertAcceptablePassword", () => {
  it("returns without throwing when the password is acceptable", () => {
    expect(() => assertAcceptablePassword(strong, "newPassword", { username: "alice" })).not.toThrow();
  });

  it("throws a ValidationError pointing at the field when the password is refused", () => {
    let caught: unknown;
    try {
      assertAcceptablePassword("short", "newPassword");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe("validation");
    expect(error.message).toBe("The new password must be at least 8 characters.");
    expect(error.errors).toEqual([{ pointer: "/newPassword", detail: "must be at least 8 characters" }]);
  });

  it("uses the given field name in the pointer when the username rule fails", () => {
    expect(() => assertAcceptablePassword("alice-kettle-94", "password", { username: "alice" })).toThrow(
      expect.objectContaining({
        errors: [{ pointer: "/password", detail: "must not contain the username" }],
      }),
    );
  });
});
