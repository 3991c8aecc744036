import { describe, expect, it } from "vitest";
import {
  changesDeclaredSettings,
  declarationVersionOf,
  earlyYearsDeclaration,
} from "../../../lib/domain/pupil-pin.js";

describe("early-years declaration versions", () => {
  it("is the text's version until the declared settings change, then one more per change", () => {
    expect(declarationVersionOf({})).toBe(earlyYearsDeclaration.version);
    expect(declarationVersionOf({ revision: 1 })).toBe(`${earlyYearsDeclaration.version}.1`);
    expect(declarationVersionOf({ revision: 2 })).not.toBe(declarationVersionOf({ revision: 1 }));
  });

  it("counts a change of year groups (as a set) or of the default rule, nothing else", () => {
    const birthday = { kind: "birthday" } as const;
    const base = { yearGroupIds: ["a", "b"], defaultPin: birthday };
    expect(changesDeclaredSettings(base, { yearGroupIds: ["b", "a", "a"], defaultPin: birthday })).toBe(
      false,
    );
    expect(changesDeclaredSettings(base, { yearGroupIds: ["a"], defaultPin: birthday })).toBe(true);
    expect(changesDeclaredSettings(base, { yearGroupIds: ["a", "b", "c"], defaultPin: birthday })).toBe(true);
    expect(changesDeclaredSettings(base, { ...base, defaultPin: { kind: "random", length: 6 } })).toBe(true);
    const random6 = { ...base, defaultPin: { kind: "random", length: 6 } } as const;
    expect(changesDeclaredSettings(random6, { ...base, defaultPin: { kind: "random", length: 8 } })).toBe(
      true,
    );
    expect(changesDeclaredSettings(random6, { ...base, defaultPin: { kind: "random", length: 6 } })).toBe(
      false,
    );
  });
});
