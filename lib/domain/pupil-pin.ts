import { ValidationError } from "./errors.js";
import type { RandomInt } from "./password-policy.js";
import type { Role } from "./roles.js";

/**
 * Early-years pupil PINs (LGfL myUSO): young pupils sign in with a short PIN instead of a password. PINs are 4 to
 * 10 ASCII digits, never retrievable (a forgotten PIN is replaced), and either the pupil's default or one a teacher
 * or nominated contact changed.
 */
export const pupilPinLength = { min: 4, max: 10 } as const;

export type PupilPinStatus = "default" | "changed";

/** How a tenant's default PINs are made: the pupil's birthday (myUSO's DDMM), or random digits (recommended: 6). */
export type DefaultPinRule = { kind: "birthday" } | { kind: "random"; length: number };

/**
 * The declaration a headteacher accepts before early-years PIN login is enabled (myUSO: "The PIN codes are enabled
 * and created automatically after the Headteacher agrees to the declaration"). A new text gets a new version; the
 * acceptance records which version was accepted.
 */
export const earlyYearsDeclaration = {
  version: "2026-11",
  text: [
    "I am the headteacher of this school and I agree that pupils in the selected early-years groups may sign in with a",
    "short numeric PIN instead of a password. I understand that a PIN is weaker than a password: default PINs derived",
    "from a birthday can be guessed by anyone who knows the pupil, so staff should change them to longer, random PINs,",
    "particularly for older pupils. Only the pupil's class teacher or a nominated contact may change a PIN, PINs cannot",
    "be looked up, and the school keeps printed PIN slips secure and destroys them once they are handed out.",
  ].join(" "),
} as const;

/** A tenant's early-years PIN login: off until the headteacher accepts the declaration. */
export type EarlyYearsSettings = {
  enabled: boolean;
  /** Year groups (group ids) whose pupils get PINs. */
  yearGroupIds: string[];
  defaultPin: DefaultPinRule;
  /** The shortest PIN anyone may set (4 to 10). */
  minLength: number;
  declaration?: { version: string; acceptedBy: string; acceptedAt: string };
};

export const defaultEarlyYearsSettings: EarlyYearsSettings = {
  enabled: false,
  yearGroupIds: [],
  defaultPin: { kind: "birthday" },
  minLength: pupilPinLength.min,
};

/** A random PIN of `length` digits, each uniform. */
export function randomPupilPin(length: number, random: RandomInt): string {
  return Array.from({ length }, () => String(random(10))).join("");
}

/** The default PIN for a pupil: the birthday (DDMM) under that rule when the date is real, random digits otherwise. */
export function defaultPupilPin(
  rule: DefaultPinRule,
  dateOfBirth: string | undefined,
  random: RandomInt,
): { pin: string; source: "birthday" | "random" } {
  const birthday = rule.kind === "birthday" ? birthdayPin(dateOfBirth) : undefined;
  if (birthday) return { pin: birthday, source: "birthday" };
  return { pin: randomPupilPin(rule.kind === "random" ? rule.length : 6, random), source: "random" };
}

/** Why a PIN is refused under the tenant's minimum length, or undefined when it is acceptable. */
export function pupilPinProblem(pin: string, minLength: number = pupilPinLength.min): string | undefined {
  if (!/^[0-9]+$/.test(pin)) return "must be digits 0–9 only";
  const min = Math.max(pupilPinLength.min, minLength);
  if (pin.length < min || pin.length > pupilPinLength.max) {
    return `must be ${min} to ${pupilPinLength.max} digits long`;
  }
  return undefined;
}

export function assertAcceptablePupilPin(pin: string, minLength: number, pointer = "/pin"): void {
  const problem = pupilPinProblem(pin, minLength);
  if (problem) throw new ValidationError(`The PIN ${problem}.`, [{ pointer, detail: problem }]);
}

/** The birthday default, DDMM, from an ISO date of birth; undefined without a real date. */
export function birthdayPin(dateOfBirth: string | undefined): string | undefined {
  const m = dateOfBirth && /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${m[3]}${m[2]}`;
}

/**
 * Who may change a pupil's PIN (myUSO): a nominated contact, any pupil in the school; a class teacher, only pupils in
 * the classes linked to them — and only when the school sends class-teacher links at all, otherwise only nominated
 * contacts may. Nobody else, site admins included.
 */
export function mayChangePupilPin(actor: {
  roles: readonly Role[];
  /** Classes linked to the actor as class teacher. */
  teaches: readonly string[];
  /** The pupil's classes. */
  pupilClasses: readonly string[];
  /** Whether the tenant has any class-teacher link. */
  tenantHasTeacherLinks: boolean;
}): boolean {
  if (actor.roles.includes("nominated-contact")) return true;
  if (!actor.tenantHasTeacherLinks || !actor.roles.includes("class-teacher")) return false;
  const taught = new Set(actor.teaches);
  return actor.pupilClasses.some((c) => taught.has(c));
}
