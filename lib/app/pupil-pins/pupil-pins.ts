import { randomInt, randomUUID } from "node:crypto";
import { assertEarlyYearsEnabled, isPinPupil } from "../../domain/early-years.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../domain/errors.js";
import type { Job } from "../../domain/job.js";
import type { Group, Tenant, User } from "../../domain/model.js";
import { actorOf, assertMayReadSecrets, can, type Principal } from "../../domain/permissions.js";
import {
  assertAcceptableNewPupilPin,
  drawPupilPin,
  type EarlyYearsSettings,
  mayChangePupilPin,
  pupilPinLength,
} from "../../domain/pupil-pin.js";
import type { Page } from "../../ports/user-repository.js";
import type { Deps } from "../deps.js";
import { actorNames } from "../directory/actor-names.js";
import { startPupilPinJob } from "./start-pupil-pin-job.js";

/** Early-years pupil PINs (myUSO): change, random PINs, class lists. Who may act is `mayChangePupilPin`. */

const notAllowed = () =>
  new ForbiddenError(
    "Only the pupil's class teacher or a nominated contact may do this (only nominated contacts when the school has no class-teacher links)",
  );

/** The acting staff member's classes and roles; API keys act for no one and may not change PINs. */
async function staffActor(deps: Pick<Deps, "groups">, principal: Principal) {
  if (principal.kind !== "user") throw notAllowed();
  return {
    roles: principal.roles,
    teaches: await deps.groups.groupsTaughtBy(principal.tenantId, principal.userId),
  };
}

/** A pupil of the early-years year groups, and the checks every PIN change shares. */
async function pinTarget(
  deps: Pick<Deps, "tenants" | "users" | "groups">,
  principal: Principal,
  userId: string,
): Promise<{ tenant: Tenant; settings: EarlyYearsSettings; pupil: User }> {
  const tenantId = principal.tenantId;
  const [tenant, pupil, pupilGroups, actor] = await Promise.all([
    deps.tenants.get(tenantId),
    deps.users.get(tenantId, userId),
    deps.groups.groupsOf(tenantId, userId),
    staffActor(deps, principal),
  ]);
  const settings = assertEarlyYearsEnabled(tenant);
  if (!isPinPupil(pupil) || !pupilGroups.some((g) => settings.yearGroupIds.includes(g))) {
    throw new NotFoundError("Early-years pupil");
  }
  const allowed = mayChangePupilPin({
    ...actor,
    pupilClasses: pupilGroups,
    tenantHasTeacherLinks: tenant?.hasClassTeacherLinks ?? false,
  });
  if (!allowed) throw notAllowed();
  return { tenant: tenant as Tenant, settings, pupil };
}

async function storePin(
  deps: Pick<Deps, "pupilPins" | "hasher" | "audit" | "clock">,
  principal: Principal,
  pupil: User,
  pin: string,
  how: "chosen" | "random",
) {
  const now = deps.clock.now().toISOString();
  const changedBy = actorOf(principal);
  await deps.pupilPins.put(pupil.tenantId, pupil.userId, {
    hash: await deps.hasher.hash(pin),
    status: "changed",
    source: how,
    changedAt: now,
    changedBy,
  });
  await deps.audit.record({
    tenantId: pupil.tenantId,
    userId: pupil.userId,
    eventId: randomUUID(),
    at: now,
    actor: changedBy,
    action: "pupil-pin.changed",
    details: { how },
  });
  return { userId: pupil.userId, status: "changed" as const, lastChangedAt: now, lastChangedBy: changedBy };
}

/**
 * A class teacher (of one of the pupil's classes) or a nominated contact sets a pupil's PIN.
 * 1. Early-years PIN login must be enabled (409) and the pupil in one of its year groups (404).
 * 2. The matrix (`mayChangePupilPin`), else 403; then the PIN: 4–10 ASCII digits and the school's minimum, and
 *    nothing easy to guess (the pupil's date of birth, a repeat, a run, a common PIN), each 422 with the reason.
 * 3. Stored hashed at once (the old PIN stops working, counters start again), status `changed`; audited.
 */
export async function changePupilPin(
  deps: Pick<Deps, "tenants" | "users" | "groups" | "pupilPins" | "hasher" | "audit" | "clock">,
  principal: Principal,
  userId: string,
  input: { pin: string },
) {
  const { settings, pupil } = await pinTarget(deps, principal, userId);
  assertAcceptableNewPupilPin(input.pin, settings.minLength, pupil);
  return storePin(deps, principal, pupil, input.pin, "chosen");
}

/** The length of a generated PIN: asked for, else 6 (the recommendation), never under the school's minimum. */
function randomLength(settings: EarlyYearsSettings, length: number | undefined): number {
  const chosen = length ?? Math.max(6, settings.minLength);
  if (chosen < settings.minLength || chosen > pupilPinLength.max) {
    const detail = `must be ${settings.minLength} to ${pupilPinLength.max} digits`;
    throw new ValidationError(`Invalid PIN length: ${detail}.`, [{ pointer: "/length", detail }]);
  }
  return chosen;
}

/** "Generate a random PIN" for one pupil: the same checks as a change; the PIN is shown in this answer only. */
export async function randomisePupilPin(
  deps: Pick<Deps, "tenants" | "users" | "groups" | "pupilPins" | "hasher" | "audit" | "clock">,
  principal: Principal,
  userId: string,
  input: { length?: number },
) {
  assertMayReadSecrets(principal);
  const { settings, pupil } = await pinTarget(deps, principal, userId);
  const pin = drawPupilPin(randomLength(settings, input.length), randomInt, pupil);
  const stored = await storePin(deps, principal, pupil, pin, "random");
  return { ...stored, username: pupil.username, pin };
}

/**
 * The class, if the principal may manage its pupils' PINs (its class teacher or a nominated contact) or, to `read`
 * its PIN statuses only, oversees early-years PINs (`early-years:configure`: the headteacher and site admins).
 */
/** Throws unless the principal may manage this class's PINs now (its teacher, or a nominated contact). */
export async function mayManageClassPins(
  deps: Pick<Deps, "tenants" | "groups">,
  principal: Principal,
  groupId: string,
): Promise<void> {
  await managedClass(deps, principal, groupId);
}

async function managedClass(
  deps: Pick<Deps, "tenants" | "groups">,
  principal: Principal,
  groupId: string,
  purpose: "manage" | "read" = "manage",
) {
  const tenantId = principal.tenantId;
  const [tenant, group, actor] = await Promise.all([
    deps.tenants.get(tenantId),
    deps.groups.get(tenantId, groupId),
    staffActor(deps, principal),
  ]);
  const settings = assertEarlyYearsEnabled(tenant);
  if (!group) throw new NotFoundError("Class");
  const allowed = mayChangePupilPin({
    ...actor,
    pupilClasses: [groupId],
    tenantHasTeacherLinks: tenant?.hasClassTeacherLinks ?? false,
  });
  const overseer = purpose === "read" && principal.kind === "user" && can(principal, "early-years:configure");
  if (!allowed && !overseer) throw notAllowed();
  return { settings, group: group as Group };
}

/**
 * "Generate random PINs" for a whole class: a `random` pupil-PIN job (202) whose one-time slips
 * (GET /v1/jobs/{id}/report?format=html) the teacher prints and cuts out.
 */
export async function randomiseClassPins(
  deps: Pick<Deps, "tenants" | "groups" | "jobs" | "jobQueue" | "jobSecrets" | "secretBox" | "clock">,
  principal: Principal,
  groupId: string,
  input: { length?: number },
): Promise<Job> {
  const { settings, group } = await managedClass(deps, principal, groupId);
  return startPupilPinJob(deps, {
    tenantId: principal.tenantId,
    createdBy: actorOf(principal),
    groups: [group],
    mode: "random",
    pinLength: randomLength(settings, input.length),
    birthday: false,
  });
}

export type ClassPupilPin = {
  userId: string;
  username: string;
  forename: string;
  surname: string;
  pinStatus: "default" | "changed" | "none";
  lastChangedAt?: string;
  lastChangedBy?: string;
  /** Who `lastChangedBy` is: "Forename Surname" (absent when that user is no longer in the school). */
  lastChangedByName?: string;
};

/**
 * A class's pupils with their PIN status (default / changed / none yet) and last change — never a PIN — for the
 * class teacher or a nominated contact (and, to oversee, the headteacher and site admins), a page of members at a time (`limit` + `cursor`). Who changed a PIN is
 * given as the actor (`user:<id>`) and, for a person of the school, their name.
 */
export async function listClassPupilPins(
  deps: Pick<Deps, "tenants" | "groups" | "users" | "pupilPins">,
  principal: Principal,
  groupId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<ClassPupilPin> & { group: { groupId: string; name: string } }> {
  const { group } = await managedClass(deps, principal, groupId, "read");
  const members = await deps.groups.memberIds(principal.tenantId, groupId, page);
  const [users, pins] = await Promise.all([
    deps.users.getMany(principal.tenantId, members.items),
    deps.pupilPins.statusesOf(principal.tenantId, members.items),
  ]);
  const names = await actorNames(
    deps,
    principal.tenantId,
    [...pins.values()].map((p) => p.changedBy),
  );
  const byName = (a: User, b: User) =>
    a.surname.localeCompare(b.surname, "en-GB") || a.forename.localeCompare(b.forename, "en-GB");
  const items = users
    .filter(isPinPupil)
    .sort(byName)
    .map((u): ClassPupilPin => {
      const pin = pins.get(u.userId);
      return {
        userId: u.userId,
        username: u.username,
        forename: u.forename,
        surname: u.surname,
        pinStatus: pin?.status ?? "none",
        ...(pin && { lastChangedAt: pin.changedAt, lastChangedBy: pin.changedBy }),
        ...(pin && names.has(pin.changedBy) && { lastChangedByName: names.get(pin.changedBy) }),
      };
    });
  return { group: { groupId, name: group.name }, items, ...(members.cursor && { cursor: members.cursor }) };
}
