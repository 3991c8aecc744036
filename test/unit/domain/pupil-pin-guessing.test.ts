import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lib/domain/errors.js";
import { keyedRandom } from "../../../lib/domain/keyed-random.js";
import {
  assertAcceptableNewPupilPin,
  commonPupilPins,
  drawPupilPin,
  guessablePupilPinProblem,
} from "../../../lib/domain/pupil-pin.js";

const pupil = { dateOfBirth: "2021-03-14" };

describe("guessablePupilPinProblem", () => {
  it.each(["1403", "0314", "140321", "14032021"])("refuses the pupil's own date of birth %s", (pin) => {
    expect(guessablePupilPinProblem(pin, pupil)).toBe("must not be the pupil's date of birth");
  });

  it("accepts another pupil's birthday for this pupil, and any date for a pupil without one", () => {
    expect(guessablePupilPinProblem("1502", pupil)).toBeUndefined();
    expect(guessablePupilPinProblem("1403", {})).toBeUndefined();
  });

  it("refuses every repeat of one digit, 0000 to 9999 and longer", () => {
    for (let d = 0; d <= 9; d++) {
      expect(guessablePupilPinProblem(String(d).repeat(4), {})).toBe("must not repeat one digit");
      expect(guessablePupilPinProblem(String(d).repeat(7), {})).toBe("must not repeat one digit");
    }
  });

  it.each(["1234", "4321", "0123", "6789", "9876", "8901", "123456", "987654", "0123456789"])(
    "refuses the run %s",
    (pin) => {
      expect(guessablePupilPinProblem(pin, {})).toBe("must not be a run of consecutive digits");
    },
  );

  it("refuses at least 20 common PINs that are neither repeats nor runs", () => {
    const common = [...commonPupilPins].filter((pin) => !/^(\d)\1+$/.test(pin));
    expect(common.length).toBeGreaterThanOrEqual(20);
    for (const pin of common) {
      expect(guessablePupilPinProblem(pin, {}), pin).toMatch(/common|run/);
    }
    expect(guessablePupilPinProblem("1212", {})).toBe("must not be one of the most common PINs");
    expect(guessablePupilPinProblem("2580", {})).toBe("must not be one of the most common PINs");
  });

  it.each(["4807", "5931", "730912", "1243"])("accepts an unremarkable PIN %s", (pin) => {
    expect(guessablePupilPinProblem(pin, pupil)).toBeUndefined();
  });
});

describe("assertAcceptableNewPupilPin", () => {
  it("names the field and the reason", () => {
    expect(() => assertAcceptableNewPupilPin("1403", 4, pupil)).toThrow(ValidationError);
    expect(() => assertAcceptableNewPupilPin("1111", 4, pupil)).toThrow("The PIN must not repeat one digit.");
    try {
      assertAcceptableNewPupilPin("1234", 4, pupil);
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        { pointer: "/pin", detail: "must not be a run of consecutive digits" },
      ]);
    }
  });

  it("still applies the format and the school's minimum first", () => {
    expect(() => assertAcceptableNewPupilPin("48071", 6, pupil)).toThrow("6 to 10 digits");
    expect(() => assertAcceptableNewPupilPin("4807", 4, pupil)).not.toThrow();
  });
});

describe("drawPupilPin", () => {
  it("never draws a guessable PIN, even of 4 digits over many draws", () => {
    const random = keyedRandom(Buffer.alloc(32, 7), "draws");
    for (let i = 0; i < 3000; i++) {
      const pin = drawPupilPin(4, random, pupil);
      expect(pin).toMatch(/^\d{4}$/);
      expect(guessablePupilPinProblem(pin, pupil)).toBeUndefined();
    }
  });
});
