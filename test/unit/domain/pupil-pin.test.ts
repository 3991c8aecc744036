import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lib/domain/errors.js";
import { keyedRandom } from "../../../lib/domain/keyed-random.js";
import {
  assertAcceptablePupilPin,
  birthdayPin,
  defaultPupilPin,
  mayChangePupilPin,
  pupilPinProblem,
  randomPupilPin,
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

describe("randomPupilPin", () => {
  it("makes PINs of the asked length from uniform digits", () => {
    const random = keyedRandom(Buffer.alloc(32, 7), "pupil");
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 2000; i++) {
      const pin = randomPupilPin(6, random);
      expect(pin).toMatch(/^\d{6}$/);
      for (const d of pin) counts[Number(d)]++;
    }
    // 12,000 digits: each of the ten should appear about 1,200 times (a 5-sigma band is ±173).
    for (const count of counts) expect(Math.abs(count - 1200)).toBeLessThan(175);
  });

  it("re-creates the same PIN from the same job key and pupil, and another for another pupil", () => {
    const key = Buffer.alloc(32, 1);
    expect(randomPupilPin(8, keyedRandom(key, "u1"))).toBe(randomPupilPin(8, keyedRandom(key, "u1")));
    expect(randomPupilPin(8, keyedRandom(key, "u1"))).not.toBe(randomPupilPin(8, keyedRandom(key, "u2")));
  });
});

describe("defaultPupilPin", () => {
  const random = () => keyedRandom(Buffer.alloc(32, 3), "u");

  it("uses the birthday as DDMM under the birthday rule", () => {
    expect(defaultPupilPin({ kind: "birthday" }, "2020-09-14", random())).toEqual({
      pin: "1409",
      source: "birthday",
    });
  });

  it("falls back to 6 random digits when the birthday rule has no real date", () => {
    for (const dateOfBirth of [undefined, "2020-02-30"]) {
      const made = defaultPupilPin({ kind: "birthday" }, dateOfBirth, random());
      expect(made.source).toBe("random");
      expect(made.pin).toMatch(/^\d{6}$/);
    }
  });

  it("uses random digits of the configured length under the random rule, whatever the birthday", () => {
    const made = defaultPupilPin({ kind: "random", length: 8 }, "2020-09-14", random());
    expect(made).toEqual({ pin: expect.stringMatching(/^\d{8}$/), source: "random" });
  });
});
