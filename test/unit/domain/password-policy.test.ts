import { describe, expect, it } from "vitest";
import {
  alphabet,
  defaultPasswordPolicies,
  entropyBits,
  generatePassword,
  type PasswordPolicy,
  passwordPolicy,
  policyFor,
  satisfies,
} from "../../../lib/domain/password-policy.js";
import { childFriendlyWords } from "../../../lib/domain/words.js";

const samples = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

describe("generatePassword", () => {
  const policies: PasswordPolicy[] = [
    ...Object.values(defaultPasswordPolicies),
    {
      form: "characters",
      length: 8,
      classes: ["lower", "upper", "digits", "symbols"],
      excludeLookAlikes: false,
    },
    { form: "characters", length: 4 + 4, classes: ["digits"], excludeLookAlikes: true },
    { form: "words", words: 3, digits: 0, separator: "", capitalise: false },
    { form: "words", words: 4, digits: 4, separator: ".", capitalise: false },
  ];

  it("always satisfies its policy, with one character of every required class", () => {
    for (const policy of policies) {
      for (const password of samples(500, () => generatePassword(policy))) {
        expect(satisfies(password, policy), `${password} for ${JSON.stringify(policy)}`).toBe(true);
      }
    }
  });

  it("never uses look-alike characters when they are excluded", () => {
    const policy = defaultPasswordPolicies.staff;
    const all = samples(2000, () => generatePassword(policy)).join("");
    for (const c of "0O1lI") expect(all).not.toContain(c);
  });

  it("builds child-friendly passwords from the word list and digits", () => {
    const password = generatePassword(defaultPasswordPolicies.student);
    const [first, second, digits] = password.split("-");
    expect(childFriendlyWords).toContain(first?.toLowerCase());
    expect(childFriendlyWords).toContain(second?.toLowerCase());
    expect(first?.[0]).toBe(first?.[0]?.toUpperCase());
    expect(digits).toMatch(/^\d\d$/);
  });

  it("draws characters without bias (chi-square over 400,000 digits)", () => {
    const policy: PasswordPolicy = {
      form: "characters",
      length: 40,
      classes: ["digits"],
      excludeLookAlikes: false,
    };
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) for (const c of generatePassword(policy)) counts[Number(c)]! += 1;
    const expected = 400_000 / 10;
    const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: 50 is exceeded by chance with probability < 1e-6; modulo bias from bytes gives ~140.
    expect(chiSquare).toBeLessThan(50);
  });

  it("gives different passwords each time", () => {
    const passwords = new Set(samples(1000, () => generatePassword(defaultPasswordPolicies.staff)));
    expect(passwords.size).toBe(1000);
  });
});

describe("passwordPolicy (validation)", () => {
  it("accepts the defaults", () => {
    for (const policy of Object.values(defaultPasswordPolicies))
      expect(passwordPolicy.safeParse(policy).success).toBe(true);
  });

  it.each([
    ["too short", { form: "characters", length: 7, classes: ["lower"], excludeLookAlikes: false }],
    ["no classes", { form: "characters", length: 10, classes: [], excludeLookAlikes: false }],
    [
      "a repeated class",
      { form: "characters", length: 10, classes: ["lower", "lower"], excludeLookAlikes: false },
    ],
    ["an unknown class", { form: "characters", length: 10, classes: ["emoji"], excludeLookAlikes: false }],
    ["too many words", { form: "words", words: 5, digits: 2, separator: "-", capitalise: true }],
    ["an unknown form", { form: "pin", length: 6 }],
    [
      "an unknown field",
      { form: "words", words: 2, digits: 2, separator: "-", capitalise: true, emoji: true },
    ],
  ])("refuses a policy with %s", (_, policy) => {
    expect(passwordPolicy.safeParse(policy).success).toBe(false);
  });
});

describe("policyFor / entropyBits / alphabet", () => {
  it("falls back to the default policy of the user type", () => {
    const custom: PasswordPolicy = { form: "words", words: 3, digits: 1, separator: "", capitalise: true };
    expect(policyFor({ student: custom }, "student")).toBe(custom);
    expect(policyFor({ student: custom }, "staff")).toBe(defaultPasswordPolicies.staff);
  });

  it("counts entropy from the alphabet size and length", () => {
    expect(
      entropyBits({ form: "characters", length: 10, classes: ["digits"], excludeLookAlikes: false }),
    ).toBeCloseTo(10 * Math.log2(10));
    expect(entropyBits(defaultPasswordPolicies.staff)).toBeGreaterThan(70);
  });

  it("removes look-alikes from an alphabet only when asked", () => {
    expect(alphabet("digits", false)).toBe("0123456789");
    expect(alphabet("digits", true)).not.toMatch(/[01258]/);
  });
});
