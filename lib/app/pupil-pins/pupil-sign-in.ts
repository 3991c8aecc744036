import { earlyYearsOf, isPinPupil } from "../../domain/early-years.js";
import { AuthenticationError } from "../../domain/errors.js";
import { foldCase, type Tenant, type User } from "../../domain/model.js";
import { pupilSignInSourceLimits } from "../../domain/rate-limits.js";
import { failedSignInFloorMs, waitForFloor } from "../answer-floor.js";
import type { Deps } from "../deps.js";
import { reserveSourceAttempt } from "../source-limits.js";
import { verifyWithLockout } from "../verify-with-lockout.js";

export type PupilSignInInput = {
  tenantId: string;
  pin: string;
  /** The caller's address (API Gateway's `requestContext.http.sourceIp`): failures are limited per source. */
  sourceIp: string;
} & ({ username: string } | { groupId: string; name: string });

type PupilSignInDeps = Pick<
  Deps,
  | "tenants"
  | "users"
  | "groups"
  | "pupilPins"
  | "credentials"
  | "hasher"
  | "sessions"
  | "sourceAttempts"
  | "clock"
>;

/**
 * An early-years pupil signs in with their PIN — by username, or by picking their class and their name as young
 * children do — and gets a session with the pupil role only.
 * 1. The school must have early-years PIN login enabled; the pupil must be active, in a configured year group and
 *    have a PIN. A name must match exactly one pupil of the class ("forename surname", or the forename alone).
 * 2. Reserve an attempt atomically (per pupil; 5 failures lock with a doubling wait, as for every credential).
 * 3. Verify the keyed argon2id hash; count a failure, or reset the counter and issue the session.
 * Every failure — unknown school, class, name or pupil, ambiguous name, wrong PIN, locked — is the same 401,
 * answered no sooner than `failedSignInFloorMs` after the request started, with a dummy hash where none ran.
 * Before all that, an attempt is reserved in the school's 15-minute windows for the source (hashed address) and for
 * the whole school (`pupilSignInLimits`): a full window is 429 with Retry-After, counting and evaluating nothing; a
 * success gives both attempts back, so only failures count; a full school window never refuses a device with no
 * failures of its own (`reserveSourceAttempt`).
 */
export async function signInPupil(deps: PupilSignInDeps, input: PupilSignInInput) {
  const now = deps.clock.now();
  const tenant = await deps.tenants.get(input.tenantId);
  const release =
    tenant &&
    (await reserveSourceAttempt(deps, tenant.tenantId, input.sourceIp, pupilSignInSourceLimits, now));
  try {
    const session = await attempt(deps, tenant, input, now);
    await release?.();
    return session;
  } catch (error) {
    if (error instanceof AuthenticationError) {
      await waitForFloor(deps.clock, now, failedSignInFloorMs);
    }
    throw error;
  }
}

async function attempt(
  deps: PupilSignInDeps,
  tenant: Tenant | undefined,
  input: PupilSignInInput,
  now: Date,
) {
  const settings = earlyYearsOf(tenant);
  const pupil = tenant && settings.enabled ? await findPupil(deps, input) : undefined;
  const groups = pupil ? await deps.groups.groupsOf(pupil.tenantId, pupil.userId) : [];
  const eligible = pupil && groups.some((g) => settings.yearGroupIds.includes(g)) ? pupil : undefined;
  const record = eligible && (await deps.pupilPins.get(eligible.tenantId, eligible.userId));
  const target =
    eligible && record
      ? {
          tenantId: eligible.tenantId,
          userId: eligible.userId,
          kind: "pupil-pin" as const,
          hash: record.hash,
        }
      : undefined;
  if ((await verifyWithLockout(deps, target, input.pin, now)) !== "passed" || !eligible) {
    throw new AuthenticationError();
  }
  const { tenantId, userId } = eligible;
  const session = await deps.sessions.issue({ tenantId, userId, roles: ["pupil"] }, now);
  return { ...session, user: { ...eligible, roles: ["pupil" as const] } };
}

async function findPupil(deps: PupilSignInDeps, input: PupilSignInInput): Promise<User | undefined> {
  if ("username" in input) {
    const user = await deps.users.findByUsername(input.tenantId, input.username);
    return isPinPupil(user) ? user : undefined;
  }
  const group = await deps.groups.get(input.tenantId, input.groupId);
  if (!group) return undefined;
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.groups.memberIds(input.tenantId, input.groupId, { limit: 200, cursor });
    ids.push(...page.items);
    cursor = page.cursor;
  } while (cursor && ids.length < 1000);
  const pupils = (await deps.users.getMany(input.tenantId, ids)).filter(isPinPupil);
  const name = foldCase(input.name).replace(/\s+/g, " ");
  const full = pupils.filter((p) => foldCase(`${p.forename} ${p.surname}`).replace(/\s+/g, " ") === name);
  const matches = full.length > 0 ? full : pupils.filter((p) => foldCase(p.forename) === name);
  return matches.length === 1 ? matches[0] : undefined;
}
