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
  /**
   * How many times the year groups or the default rule changed after a declaration was accepted: each change needs
   * the headteacher to accept again (see `declarationVersionOf`). Absent until the first such change.
   */
  revision?: number;
};

/**
 * The declaration version the headteacher must accept for these settings: the text's version, then `<text>.<n>`
 * after the n-th change of year groups or default rule, so an acceptance names the settings it agreed to.
 */
export function declarationVersionOf(settings: Pick<EarlyYearsSettings, "revision">): string {
  return settings.revision
    ? `${earlyYearsDeclaration.version}.${settings.revision}`
    : earlyYearsDeclaration.version;
}

/** Whether new settings change what the headteacher agreed to: the year groups (as a set) or the default PIN rule. */
export function changesDeclaredSettings(
  before: Pick<EarlyYearsSettings, "yearGroupIds" | "defaultPin">,
  after: Pick<EarlyYearsSettings, "yearGroupIds" | "defaultPin">,
): boolean {
  const groups = (ids: string[]) => [...new Set(ids)].sort().join("\n");
  const rule = (r: DefaultPinRule) => (r.kind === "random" ? `random:${r.length}` : r.kind);
  return (
    groups(before.yearGroupIds) !== groups(after.yearGroupIds) ||
    rule(before.defaultPin) !== rule(after.defaultPin)
  );
}

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

/**
 * PINs people pick first, beyond repeats and runs (which are refused by rule): years, keypad patterns, pairs and
 * the most frequent choices in published PIN-frequency studies.
 */
export const commonPupilPins: ReadonlySet<string> = new Set([
  ...["1212", "1004", "2000", "6969", "1122", "1313", "2580", "0852", "1010", "2001", "1999", "1998"],
  ...["2020", "2021", "2468", "1357", "1379", "0007", "1230", "0101", "1984", "7410", "0258", "1100"],
  ...["4455", "5683", "1024", "123123", "112233", "121212", "159753", "147258", "258369", "102030"],
  ...["696969", "131313", "101010", "111222", "123321", "789456", "147852", "963852", "520520", "5201314"],
]);

/** Whether every digit follows the one before by the same step of +1 or −1, wrapping (1234, 4321, 8901). */
function isRun(pin: string): boolean {
  const steps = new Set([...pin].slice(1).map((digit, i) => (Number(digit) - Number(pin[i]) + 10) % 10));
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/**
 * Why a new pupil PIN is too easy to guess, or undefined: the pupil's own date of birth (DDMM, MMDD, DDMMYY,
 * DDMMYYYY), one digit repeated (0000–9999 and longer), a run (1234, 9876, 8901) or a common PIN. Checked on every
 * PIN a person chooses and redrawn for every random one; the birthday default of a school that chose it is that
 * school's declared choice, not a new PIN.
 */
export function guessablePupilPinProblem(pin: string, pupil: { dateOfBirth?: string }): string | undefined {
  const m = pupil.dateOfBirth && /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(pupil.dateOfBirth);
  if (m) {
    const [, century, yy, mm, dd] = m as unknown as [string, string, string, string, string];
    const birthday = [`${dd}${mm}`, `${mm}${dd}`, `${dd}${mm}${yy}`, `${dd}${mm}${century}${yy}`];
    if (birthday.includes(pin)) return "must not be the pupil's date of birth";
  }
  if (/^(\d)\1+$/.test(pin)) return "must not repeat one digit";
  if (isRun(pin)) return "must not be a run of consecutive digits";
  if (commonPupilPins.has(pin)) return "must not be one of the most common PINs";
  return undefined;
}

/** A PIN a person chooses for a pupil: the format and minimum length, then nothing easy to guess (422 with why). */
export function assertAcceptableNewPupilPin(
  pin: string,
  minLength: number,
  pupil: { dateOfBirth?: string },
  pointer = "/pin",
): void {
  assertAcceptablePupilPin(pin, minLength, pointer);
  const problem = guessablePupilPinProblem(pin, pupil);
  if (problem) throw new ValidationError(`The PIN ${problem}.`, [{ pointer, detail: problem }]);
}

/** A random PIN of `length` digits that is not easy to guess (drawn again, from the same stream, until it is not). */
export function drawPupilPin(length: number, random: RandomInt, pupil: { dateOfBirth?: string }): string {
  for (;;) {
    const pin = randomPupilPin(length, random);
    if (!guessablePupilPinProblem(pin, pupil)) return pin;
  }
}

/**
 * Failed pupil sign-ins a school accepts in one 15-minute window (the PIN-code sign-up's windows), on top of each
 * pupil's lockout: from one source (a class of 30 tried from one device is an attack, and five wrong PINs per pupil
 * stay under each pupil's lock) and from everywhere together (five times as many, so one source cannot use up the
 * school's allowance for everyone).
 */
export const pupilSignInLimits = { perSource: 20, perTenant: 100 } as const;

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
