import { randomUUID } from "node:crypto";
import { earlyYearsOf } from "../../domain/early-years.js";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import type { Job } from "../../domain/job.js";
import { actorOf, authorize, type Principal } from "../../domain/permissions.js";
import {
  changesDeclaredSettings,
  type DefaultPinRule,
  declarationVersionOf,
  type EarlyYearsSettings,
  earlyYearsDeclaration,
  pupilPinLength,
} from "../../domain/pupil-pin.js";
import type { Deps } from "../deps.js";
import { type JobStarter, startDefaultPinsJob } from "./start-pupil-pin-job.js";

/** The settings, the declaration to accept (text and version) and whether class-teacher links exist. */
export async function getEarlyYears(deps: Pick<Deps, "tenants">, principal: Principal) {
  authorize(principal, "tenant:read");
  const tenant = await deps.tenants.get(principal.tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  const settings = earlyYearsOf(tenant);
  return {
    ...withVersion(settings),
    hasClassTeacherLinks: tenant.hasClassTeacherLinks ?? false,
    currentDeclaration: { ...earlyYearsDeclaration, version: declarationVersionOf(settings) },
  };
}

/** The settings as answered: with the declaration version the headteacher must accept for them. */
function withVersion(settings: EarlyYearsSettings) {
  return { ...settings, declarationVersion: declarationVersionOf(settings) };
}

type Answer = { earlyYears: ReturnType<typeof withVersion>; job?: Job };

/**
 * Configures early-years PIN login (a site admin or the headteacher).
 * 1. The year groups must exist and be year groups; the default rule must fit the minimum length (a birthday PIN
 *    has 4 digits, so a higher minimum needs random defaults of at least that length).
 * 2. `enabled: false` turns PIN login off (PINs are kept); turning it on takes the headteacher's declaration.
 *    Changing the year groups or the default rule after a declaration was accepted pauses PIN login and needs the
 *    headteacher to accept again: a new declaration version (myUSO: PIN codes follow the headteacher's agreement).
 *    A change before the first acceptance also gives a new version, so a headteacher never accepts settings other
 *    than the ones they were shown.
 * 3. Saved and audited; when enabled, a defaults job gives PINs to pupils of newly added year groups.
 */
export async function configureEarlyYears(
  deps: Pick<Deps, "tenants" | "audit"> & JobStarter,
  principal: Principal,
  input: { yearGroupIds: string[]; defaultPin: DefaultPinRule; minLength: number; enabled?: false },
): Promise<Answer> {
  authorize(principal, "early-years:configure");
  const tenantId = principal.tenantId;
  const yearGroupIds = [...new Set(input.yearGroupIds)];
  const groups = await Promise.all(yearGroupIds.map((g) => deps.groups.get(tenantId, g)));
  const invalid = yearGroupIds.flatMap((groupId, i) =>
    groups[i]?.type === "year-group"
      ? []
      : [{ pointer: `/yearGroupIds/${i}`, detail: `${groupId} is not a year group of this school` }],
  );
  if (invalid.length > 0) throw new ValidationError("Some year groups are not valid.", invalid);
  assertRuleFits(input.defaultPin, input.minLength);
  const tenant = await deps.tenants.get(tenantId);
  const stored = tenant?.earlyYears;
  const current = earlyYearsOf(tenant);
  const next = { yearGroupIds, defaultPin: input.defaultPin };
  // A new version once settings exist that a headteacher accepted or may be reading: an acceptance names them.
  const configured = current.declaration !== undefined || current.yearGroupIds.length > 0;
  const redeclare = configured && changesDeclaredSettings(current, next);
  const earlyYears: EarlyYearsSettings = {
    ...current,
    ...next,
    enabled: input.enabled === false || redeclare ? false : current.enabled,
    minLength: input.minLength,
    ...(redeclare && { revision: (current.revision ?? 0) + 1 }),
  };
  const now = deps.clock.now();
  await replaceOrConflict(deps, tenantId, stored, earlyYears, now);
  await deps.audit.record({
    tenantId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "early-years.settings-updated",
    details: {
      enabled: earlyYears.enabled,
      yearGroupIds,
      defaultPin: input.defaultPin.kind,
      minLength: input.minLength,
      declarationVersion: declarationVersionOf(earlyYears),
      ...(redeclare && { declarationNeeded: "the headteacher must accept this version" }),
    },
  });
  const job = earlyYears.enabled
    ? await startDefaultPinsJob(deps, tenantId, earlyYears, actorOf(principal))
    : undefined;
  return { earlyYears: withVersion(earlyYears), ...(job && { job }) };
}

/**
 * Writes the settings only if nobody changed them since they were read: a change of year groups and the
 * headteacher's acceptance at once never enable PINs for settings the headteacher did not accept (409 to the loser).
 */
async function replaceOrConflict(
  deps: Pick<Deps, "tenants">,
  tenantId: string,
  expected: EarlyYearsSettings | undefined,
  next: EarlyYearsSettings,
  now: Date,
) {
  if (!(await deps.tenants.replaceEarlyYears(tenantId, expected, next, now))) {
    throw new ConflictError(
      "The early-years settings changed meanwhile: read them again (GET /v1/early-years).",
    );
  }
}

function assertRuleFits(rule: DefaultPinRule, minLength: number) {
  if (rule.kind === "birthday" && minLength > pupilPinLength.min) {
    const detail = "a birthday PIN (DDMM) has 4 digits: use random defaults for a minimum above 4";
    throw new ValidationError("The default PIN rule does not fit the minimum length.", [
      { pointer: "/defaultPin", detail },
    ]);
  }
  if (rule.kind === "random" && rule.length < minLength) {
    const detail = `random default PINs must have at least the minimum length (${minLength}) digits`;
    throw new ValidationError("The default PIN rule does not fit the minimum length.", [
      { pointer: "/defaultPin/length", detail },
    ]);
  }
}

/**
 * The headteacher accepts the declaration, which enables early-years PIN login (myUSO).
 * 1. Only a signed-in headteacher (API keys and other roles: 403). The accepted version must be the one for the
 *    current text and settings (409 otherwise: the text, the year groups or the default rule changed since it was
 *    shown); at least one year group must be configured (422).
 * 2. Record who accepted, when and which version; enable; audit.
 * 3. Start the defaults job: every pupil of the configured year groups without a PIN gets the default one.
 */
export async function acceptEarlyYearsDeclaration(
  deps: Pick<Deps, "tenants" | "audit"> & JobStarter,
  principal: Principal,
  input: { version: string; accept: true },
): Promise<Answer> {
  authorize(principal, "early-years:declare");
  const tenantId = principal.tenantId;
  const tenant = await deps.tenants.get(tenantId);
  const stored = tenant?.earlyYears;
  const current = earlyYearsOf(tenant);
  const version = declarationVersionOf(current);
  if (input.version !== version) {
    throw new ConflictError(
      `The declaration or the settings it covers have changed: read version ${version} (GET /v1/early-years) and accept that.`,
    );
  }
  if (current.yearGroupIds.length === 0) {
    const detail = "choose the early-years year groups first (PUT /v1/early-years)";
    throw new ValidationError("No year groups are configured.", [{ pointer: "/yearGroupIds", detail }]);
  }
  const now = deps.clock.now();
  const declaration = {
    version: input.version,
    acceptedBy: actorOf(principal),
    acceptedAt: now.toISOString(),
  };
  const earlyYears: EarlyYearsSettings = { ...current, enabled: true, declaration };
  await replaceOrConflict(deps, tenantId, stored, earlyYears, now);
  await deps.audit.record({
    tenantId,
    eventId: randomUUID(),
    at: now.toISOString(),
    actor: actorOf(principal),
    action: "early-years.declaration-accepted",
    details: { version: input.version, yearGroupIds: current.yearGroupIds },
  });
  const job = await startDefaultPinsJob(deps, tenantId, earlyYears, actorOf(principal));
  return { earlyYears: withVersion(earlyYears), ...(job && { job }) };
}
