import { randomInt } from "node:crypto";
import * as z from "zod";
import { type UserType, userTypes } from "./roles.js";
import { childFriendlyWords } from "./words.js";

/**
 * Rules that generated temporary passwords follow, per user type (SIMS ID: "generated following the Password
 * Complexity rules set for the user type"). Two forms: random characters from chosen classes, or — for young
 * pupils — short words and digits ("Tiger-Plum-42"). Generation uses the CSPRNG (`crypto.randomInt`, which has
 * no modulo bias).
 */
const lookAlikes = new Set(["0", "O", "o", "1", "l", "I", "i", "|", "5", "S", "2", "Z", "8", "B"]);
export const characterClasses = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  // No + - = @: a password starting with one would be a formula in a spreadsheet opened from the CSV report.
  symbols: "!#$%&*?^_~",
} as const;
export type CharacterClass = keyof typeof characterClasses;

const charactersPolicy = z
  .strictObject({
    form: z.literal("characters"),
    length: z.number().int().min(8).max(64),
    classes: z
      .array(z.enum(Object.keys(characterClasses) as [CharacterClass, ...CharacterClass[]]))
      .min(1)
      .refine((c) => new Set(c).size === c.length, "classes must not repeat"),
    excludeLookAlikes: z.boolean(),
  })
  .refine((p) => p.length >= p.classes.length, {
    message: "length must allow one character of each class",
    path: ["length"],
  });

const wordsPolicy = z.strictObject({
  form: z.literal("words"),
  words: z.number().int().min(2).max(4),
  digits: z.number().int().min(0).max(4),
  separator: z.enum(["", "-", "."]),
  capitalise: z.boolean(),
});

/**
 * Weakest policy a tenant may set. A temporary password lives 28 days behind the sign-in lockout (5 tries, then
 * doubling locks), so 20 bits (about a million equally likely passwords) cannot be guessed online; two words and
 * two digits give 23 bits.
 */
export const minimumEntropyBits = 20;

const policyShape = z.discriminatedUnion("form", [charactersPolicy, wordsPolicy]);
export type PasswordPolicy = z.infer<typeof policyShape>;

export const passwordPolicy = policyShape.refine(
  (p: PasswordPolicy) => entropyBits(p) >= minimumEntropyBits,
  {
    message: `too easy to guess: a password from this policy must carry at least ${minimumEntropyBits} bits of entropy (add length, words or digits)`,
  },
);
export const passwordPolicies = z.partialRecord(z.enum(userTypes), passwordPolicy);
export type PasswordPolicies = Partial<Record<UserType, PasswordPolicy>>;

/** What a school gets until it sets its own: readable for pupils, strong for adults. */
export const defaultPasswordPolicies: Record<UserType, PasswordPolicy> = {
  staff: { form: "characters", length: 14, classes: ["lower", "upper", "digits"], excludeLookAlikes: true },
  student: { form: "words", words: 2, digits: 2, separator: "-", capitalise: true },
  parent: { form: "characters", length: 12, classes: ["lower", "upper", "digits"], excludeLookAlikes: true },
  other: { form: "characters", length: 14, classes: ["lower", "upper", "digits"], excludeLookAlikes: true },
};

export function policyFor(policies: PasswordPolicies, userType: UserType): PasswordPolicy {
  return policies[userType] ?? defaultPasswordPolicies[userType];
}

/** The alphabet of one class under a policy (look-alikes removed when asked). */
export function alphabet(cls: CharacterClass, excludeLookAlikes: boolean): string {
  const all = characterClasses[cls];
  return excludeLookAlikes ? [...all].filter((c) => !lookAlikes.has(c)).join("") : all;
}

/** Bits of entropy of a password drawn from the policy (used to refuse weak policies and in docs). */
export function entropyBits(policy: PasswordPolicy): number {
  if (policy.form === "words")
    return policy.words * Math.log2(childFriendlyWords.length) + policy.digits * Math.log2(10);
  const size = policy.classes.reduce((n, c) => n + alphabet(c, policy.excludeLookAlikes).length, 0);
  return policy.length * Math.log2(size);
}

/** A uniform integer in [0, max): `crypto.randomInt`, or a keyed stream for passwords a job must re-derive. */
export type RandomInt = (max: number) => number;

/** Fisher–Yates. */
function shuffle<T>(items: T[], random: RandomInt): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** A new temporary password that satisfies the policy; `random` defaults to the CSPRNG. */
export function generatePassword(policy: PasswordPolicy, random: RandomInt = randomInt): string {
  const pick = (chars: string) => chars[random(chars.length)] as string;
  if (policy.form === "words") {
    const words = Array.from({ length: policy.words }, () => {
      const word = childFriendlyWords[random(childFriendlyWords.length)] as string;
      return policy.capitalise ? word[0]?.toUpperCase() + word.slice(1) : word;
    });
    const digits = Array.from({ length: policy.digits }, () => pick(characterClasses.digits)).join("");
    return [...words, ...(digits ? [digits] : [])].join(policy.separator);
  }
  const alphabets = policy.classes.map((c) => alphabet(c, policy.excludeLookAlikes));
  const all = alphabets.join("");
  // One character from each class, the rest from all of them, then shuffled so the classes' places are random.
  const chars = [
    ...alphabets.map(pick),
    ...Array.from({ length: policy.length - alphabets.length }, () => pick(all)),
  ];
  return shuffle(chars, random).join("");
}

/** Whether a password has the shape its policy promises (used by tests and to check stored policies). */
export function satisfies(password: string, policy: PasswordPolicy): boolean {
  if (policy.form === "words") {
    const parts = policy.separator ? password.split(policy.separator) : undefined;
    const digits = password.match(/\d+$/)?.[0] ?? "";
    if (digits.length !== policy.digits) return false;
    if (parts) return parts.length === policy.words + (policy.digits > 0 ? 1 : 0);
    return /^[A-Za-z]+\d*$/.test(password);
  }
  if ([...password].length !== policy.length) return false;
  const alphabets = policy.classes.map((c) => alphabet(c, policy.excludeLookAlikes));
  const all = new Set(alphabets.join(""));
  return (
    [...password].every((c) => all.has(c)) && alphabets.every((a) => [...password].some((c) => a.includes(c)))
  );
}
