import { ConflictError } from "./errors.js";
import type { Job } from "./job.js";
import { keyedRandom } from "./keyed-random.js";
import type { Tenant, User } from "./model.js";
import {
  birthdayPin,
  defaultEarlyYearsSettings,
  drawPupilPin,
  type EarlyYearsSettings,
} from "./pupil-pin.js";

/**
 * Early-years rules that need the records (tenant, user, job): which settings apply, who has a PIN, and the PIN a
 * job gives a pupil. Apart from `pupil-pin.ts`, which the records themselves use.
 */

/** A tenant's early-years settings, with the defaults for a tenant that never set any. */
export function earlyYearsOf(tenant: Tenant | undefined): EarlyYearsSettings {
  return tenant?.earlyYears ?? defaultEarlyYearsSettings;
}

/** Throws `ConflictError` (409) unless the tenant has enabled early-years PIN login. */
export function assertEarlyYearsEnabled(tenant: Tenant | undefined): EarlyYearsSettings {
  const settings = earlyYearsOf(tenant);
  if (!settings.enabled) {
    throw new ConflictError(
      "Early-years PIN login is not enabled for this school: the headteacher must accept the declaration first (POST /v1/early-years/declaration).",
    );
  }
  return settings;
}

/** Only active pupils have PINs. */
export function isPinPupil(user: User | undefined): user is User {
  return user !== undefined && user.status === "active" && user.roles.includes("pupil");
}

/** The PIN a job gives a pupil, the same on every call: birthday (defaults, when chosen and real) or keyed random. */
export function jobPin(job: Job, key: Buffer, user: Pick<User, "userId" | "dateOfBirth">) {
  const birthday =
    job.pins?.mode === "defaults" && job.pins.birthday ? birthdayPin(user.dateOfBirth) : undefined;
  if (birthday) return { pin: birthday, source: "birthday" as const };
  return {
    pin: drawPupilPin(job.pins?.pinLength ?? 6, keyedRandom(key, user.userId), user),
    source: "random" as const,
  };
}
