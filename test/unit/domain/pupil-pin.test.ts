import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lib/domain/errors.js";
import {
  assertAcceptablePupilPin,
  birthdayPin,
  mayChangePupilPin,
  pupilPinProblem,
} from "../../../lib/domain/pupil-pin.js";

describe("pupilPinProblem", () => {
  it("accepts 4 to 10 ASCII digits", () => {
    expect(pupilPinProblem("1403")).toBeUndefined();
    expect(pupilPinProblem("0123456789")).toBeUndefined();
  });

  it.each([
    ["123", "4 to 10 digits"],
    ["12345678901", "4 to 10 digits"],
    ["12a4", "digits 0–9 only"],
    ["١٢٣٤", "digits 0–9 only"],
    ["", "digits 0–9 only"],
  ])("refuses %j (%s)", (pin, reason) => {
    expect(pupilPinProblem(pin)).toContain(reason);
  });

  it("applies a tenant minimum above 4 but never below 4", () => {
    expect(pupilPinProblem("12345", 6)).toBe("must be 6 to 10 digits long");
    expect(pupilPinProblem("123456", 6)).toBeUndefined();
    expect(pupilPinProblem("123", 2)).toBe("must be 4 to 10 digits long");
  });

  it("names the field when refusing", () => {
    expect(() => assertAcceptablePupilPin("12", 4)).toThrow(ValidationError);
  });
});

describe("birthdayPin", () => {
  it("is DDMM of a real date of birth", () => {
    expect(birthdayPin("2020-03-14")).toBe("1403");
    expect(birthdayPin("2020-02-29")).toBe("2902");
  });

  it("is undefined without a real date", () => {
    expect(birthdayPin(undefined)).toBeUndefined();
    expect(birthdayPin("2021-02-29")).toBeUndefined();
    expect(birthdayPin("14/03/2020")).toBeUndefined();
  });
});

describe("mayChangePupilPin", () => {
  const base = { teaches: ["class-a"], pupilClasses: ["class-a"], tenantHasTeacherLinks: true };

  it("lets the pupil's class teacher change it", () => {
    expect(mayChangePupilPin({ ...base, roles: ["class-teacher", "staff"] })).toBe(true);
  });

  it("refuses a class teacher of another class", () => {
    expect(mayChangePupilPin({ ...base, roles: ["class-teacher"], teaches: ["class-b"] })).toBe(false);
  });

  it("lets a nominated contact change any pupil's PIN", () => {
    expect(
      mayChangePupilPin({ ...base, roles: ["nominated-contact"], teaches: [], pupilClasses: ["x"] }),
    ).toBe(true);
  });

  it("leaves PIN changes to nominated contacts when the school sends no class-teacher links", () => {
    expect(mayChangePupilPin({ ...base, roles: ["class-teacher"], tenantHasTeacherLinks: false })).toBe(
      false,
    );
    expect(mayChangePupilPin({ ...base, roles: ["nominated-contact"], tenantHasTeacherLinks: false })).toBe(
      true,
    );
  });

  it("refuses everyone else, site admins and pupils included", () => {
    for (const roles of [["site-admin"], ["staff"], ["pupil"]] as const) {
      expect(mayChangePupilPin({ ...base, roles })).toBe(false);
    }
  });
});
