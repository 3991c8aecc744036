import { ValidationError } from "./errors.js";

/**
 * SSO PINs (Bromcom): a 6-digit PIN a staff user who signs in through Google or Microsoft single sign-on types to
 * finish signing in and to confirm sensitive actions. An admin can only reset it; the user then sets a new one at
 * their next SSO login.
 */
export const ssoPinLength = 6;

/** `not_set`: never created; `reset_pending`: an admin reset it, the next SSO login must set a new one. */
export type SsoPinState = "not_set" | "reset_pending" | "active";

/** Step-up actions every tenant has; tenants may add their own names. */
export const defaultStepUpActions = ["sign_in", "delete_student", "remove_projector_mode"] as const;

/** Well-known PINs people pick (breach corpora of 6-digit PINs); refused whatever else holds. */
export const commonSsoPins: ReadonlySet<string> = new Set([
  "000000",
  "111111",
  "112233",
  "121212",
  "123123",
  "123321",
  "123456",
  "123654",
  "131313",
  "147258",
  "159357",
  "159753",
  "222222",
  "246810",
  "252525",
  "333333",
  "444444",
  "555555",
  "654321",
  "666666",
  "696969",
  "777777",
  "789456",
  "888888",
  "987654",
  "999999",
  "101010",
  "102030",
  "110110",
  "200000",
  "520520",
  "112211",
]);

/** The DDMMYY form of an ISO date of birth. */
function ddmmyy(dateOfBirth: string | undefined): string | undefined {
  const m = dateOfBirth && /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  return m ? `${m[3]}${m[2]}${m[1]}` : undefined;
}

/** Why a new SSO PIN is refused, or undefined when it is acceptable. */
export function ssoPinProblem(pin: string, context: { dateOfBirth?: string } = {}): string | undefined {
  if (!/^[0-9]{6}$/.test(pin)) return "must be exactly 6 digits (0–9)";
  if (/^(\d)\1{5}$/.test(pin)) return "must not be one digit repeated";
  const steps = [...pin].slice(1).map((d, i) => Number(d) - Number(pin[i]));
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1))
    return "must not be a run of consecutive digits";
  if (/^(\d\d)\1\1$/.test(pin) || /^(\d\d\d)\1$/.test(pin)) return "must not repeat a short pattern";
  if (commonSsoPins.has(pin)) return "is one of the most commonly chosen PINs";
  if (pin === ddmmyy(context.dateOfBirth)) return "must not be your date of birth";
  return undefined;
}

/** Throws a `ValidationError` (422) naming the field and the reason. */
export function assertAcceptableSsoPin(pin: string, confirmPin: string, context: { dateOfBirth?: string }) {
  const problem = ssoPinProblem(pin, context);
  if (problem) throw new ValidationError(`The PIN ${problem}.`, [{ pointer: "/pin", detail: problem }]);
  if (pin !== confirmPin) {
    const detail = "must match the PIN";
    throw new ValidationError("The confirmation does not match the PIN.", [
      { pointer: "/confirmPin", detail },
    ]);
  }
}
