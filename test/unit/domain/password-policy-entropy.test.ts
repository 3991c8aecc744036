import { describe, expect, it } from "vitest";
import {
  defaultPasswordPolicies,
  entropyBits,
  minimumEntropyBits,
  type PasswordPolicy,
  passwordPolicies,
  passwordPolicy,
} from "../../../lib/domain/password-policy.js";

const twoWords: PasswordPolicy = { form: "words", words: 2, digits: 0, separator: "-", capitalise: true };

describe("passwordPolicy (minimum entropy)", () => {
  it("requires at least 20 bits", () => {
    expect(minimumEntropyBits).toBe(20);
  });

  it("refuses two words without digits, saying it needs at least 20 bits", () => {
    expect(entropyBits(twoWords)).toBeLessThan(minimumEntropyBits);
    const result = passwordPolicy.safeParse(twoWords);
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("at least 20 bits");
  });

  it("refuses two words with one digit (just under 20 bits)", () => {
    const policy: PasswordPolicy = { ...twoWords, digits: 1 };
    expect(entropyBits(policy)).toBeLessThan(minimumEntropyBits);
    expect(passwordPolicy.safeParse(policy).success).toBe(false);
  });

  it("accepts two words with two digits", () => {
    const policy: PasswordPolicy = { ...twoWords, digits: 2 };
    expect(entropyBits(policy)).toBeGreaterThanOrEqual(minimumEntropyBits);
    expect(passwordPolicy.safeParse(policy)).toEqual({ success: true, data: policy });
  });

  it("accepts three words without digits", () => {
    expect(passwordPolicy.safeParse({ ...twoWords, words: 3 }).success).toBe(true);
  });

  it("accepts eight digits when look-alikes are allowed", () => {
    const policy: PasswordPolicy = {
      form: "characters",
      length: 8,
      classes: ["digits"],
      excludeLookAlikes: false,
    };
    expect(passwordPolicy.safeParse(policy)).toEqual({ success: true, data: policy });
  });

  it("refuses eight digits when look-alikes are excluded (five digits left, under 20 bits)", () => {
    const policy: PasswordPolicy = {
      form: "characters",
      length: 8,
      classes: ["digits"],
      excludeLookAlikes: true,
    };
    const result = passwordPolicy.safeParse(policy);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("at least 20 bits");
  });

  it.each(Object.entries(defaultPasswordPolicies))("accepts the default %s policy", (_, policy) => {
    expect(passwordPolicy.safeParse(policy).success).toBe(true);
  });
});

describe("passwordPolicies", () => {
  it("accepts a partial record of user types", () => {
    const policies = { student: { ...twoWords, digits: 2 }, staff: defaultPasswordPolicies.staff };
    expect(passwordPolicies.safeParse(policies)).toEqual({ success: true, data: policies });
    expect(passwordPolicies.safeParse({}).success).toBe(true);
  });

  it("refuses an unknown user type", () => {
    const result = passwordPolicies.safeParse({ pupil: defaultPasswordPolicies.student });
    expect(result.success).toBe(false);
  });

  it("refuses a weak policy for a known user type", () => {
    const result = passwordPolicies.safeParse({ student: twoWords });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("at least 20 bits");
    expect(result.error?.issues[0]?.path).toEqual(["student"]);
  });
});
