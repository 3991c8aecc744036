import { dictionary } from "@zxcvbn-ts/language-common";
import { ValidationError } from "./errors.js";
import { normaliseUsername } from "./model.js";

/**
 * Rules for passwords people choose (NIST SP 800-63B): NFKC-normalised, 8–256 characters, not a commonly used
 * password, not the username; no composition rules.
 */
export const passwordLength = { min: 8, max: 256 } as const;

let common: Set<string> | undefined;
/**
 * Built on first use, not at import: a module that only normalises (sign-in) leaves the word list out of its
 * bundle, and no function pays for the set at cold start.
 */
const commonPasswords = () => {
  common ??= new Set<string>((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
};

export function normalisePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Returns the reason a chosen password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, context: { username?: string } = {}): string | undefined {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < passwordLength.min) return `must be at least ${passwordLength.min} characters`;
  if (length > passwordLength.max) return `must be at most ${passwordLength.max} characters`;
  const lower = normalised.toLowerCase();
  if (commonPasswords().has(lower)) return "is too common; choose a less predictable password";
  const username = context.username && normaliseUsername(context.username);
  if (username && lower.includes(username)) return "must not contain the username";
  return undefined;
}

/** Throws a `ValidationError` for the field when the password is refused. */
export function assertAcceptablePassword(
  password: string,
  field: string,
  context: { username?: string } = {},
) {
  const problem = passwordProblem(password, context);
  if (problem)
    throw new ValidationError(`The new password ${problem}.`, [{ pointer: `/${field}`, detail: problem }]);
}
