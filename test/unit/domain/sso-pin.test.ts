import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lib/domain/errors.js";
import { assertAcceptableSsoPin, commonSsoPins, ssoPinProblem } from "../../../lib/domain/sso-pin.js";

describe("ssoPinProblem", () => {
  it("accepts an unremarkable 6-digit PIN", () => {
    expect(ssoPinProblem("583920")).toBeUndefined();
    expect(ssoPinProblem("904172", { dateOfBirth: "1985-03-14" })).toBeUndefined();
  });

  it.each([
    ["12345", "6 digits"],
    ["1234567", "6 digits"],
    ["12345a", "6 digits"],
    ["１２３４５６", "6 digits"],
    ["000000", "repeated"],
    ["999999", "repeated"],
    ["123456", "consecutive"],
    ["456789", "consecutive"],
    ["654321", "consecutive"],
    ["121212", "pattern"],
    ["457457", "pattern"],
    ["147258", "commonly chosen"],
    ["112233", "commonly chosen"],
  ])("refuses %s (%s)", (pin, reason) => {
    expect(ssoPinProblem(pin)).toContain(reason);
  });

  it("does not count digits as wrapping round (2-1-0-9-8-7 is not a run)", () => {
    expect(ssoPinProblem("210987")).toBeUndefined();
  });

  it("refuses the user's date of birth as DDMMYY and accepts it for someone born on another day", () => {
    expect(ssoPinProblem("140385", { dateOfBirth: "1985-03-14" })).toContain("date of birth");
    expect(ssoPinProblem("140385", { dateOfBirth: "1985-03-15" })).toBeUndefined();
  });

  it("keeps a blocklist of at least 20 common PINs, all of 6 digits", () => {
    expect(commonSsoPins.size).toBeGreaterThanOrEqual(20);
    for (const pin of commonSsoPins) expect(pin).toMatch(/^\d{6}$/);
  });
});

describe("assertAcceptableSsoPin", () => {
  it("names the PIN field and the reason when the PIN is weak", () => {
    try {
      assertAcceptableSsoPin("111111", "111111", {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        { pointer: "/pin", detail: "must not be one digit repeated" },
      ]);
    }
  });

  it("refuses a confirmation that does not match", () => {
    expect(() => assertAcceptableSsoPin("583920", "583921", {})).toThrow(/does not match/);
  });

  it("accepts a good PIN confirmed", () => {
    expect(() => assertAcceptableSsoPin("583920", "583920", {})).not.toThrow();
  });
});
