import { earlyYearsOf } from "../../domain/early-years.js";
import { NotFoundError } from "../../domain/errors.js";
import type { Group } from "../../domain/model.js";
import { can, type Principal } from "../../domain/permissions.js";
import type { Deps } from "../deps.js";
import { actorNames } from "../directory/actor-names.js";
import { getEarlyYears } from "./early-years.js";
import { type ClassPupilPin, listClassPupilPins } from "./pupil-pins.js";

/** A class on the early-years class selector. */
export type EarlyYearsClass = Pick<Group, "groupId" | "name" | "memberCount" | "yearGroup"> & {
  /** Whether this person may change its pupils' PINs (else they may only see their statuses). */
  manages: boolean;
};

/** Classes looked at when finding a school's early-years classes (a school has far fewer). */
const maxClasses = 500;

/**
 * The classes whose pupils' PINs this person may manage (myUSO's class selector), by name:
 * 1. A class teacher: the early-years classes among those linked to them (only when the school sends class-teacher
 *    links at all).
 * 2. A nominated contact: every early-years class: a class whose year group (its `yearGroup` name, or else the
 *    groups of its first member) is one of the early-years year groups.
 * 3. The headteacher and site admins (`early-years:configure`): every early-years class, to see its PIN statuses
 *    (they do not change pupils' PINs: `manages` is false).
 * The PIN use cases still authorize each class and pupil (`mayChangePupilPin`).
 */
export async function listEarlyYearsClasses(
  deps: Pick<Deps, "tenants" | "groups">,
  principal: Principal,
): Promise<EarlyYearsClass[]> {
  if (principal.kind !== "user") return [];
  const tenantId = principal.tenantId;
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw new NotFoundError("Tenant");
  const settings = earlyYearsOf(tenant);
  if (settings.yearGroupIds.length === 0) return [];
  const found = new Map<string, Group>();
  const managed = new Set<string>();
  const nominated = principal.roles.includes("nominated-contact");
  if (nominated || can(principal, "early-years:configure")) {
    const classes = await allClasses(deps, tenantId);
    for (const group of await earlyYearsClasses(deps, tenantId, settings.yearGroupIds, classes)) {
      found.set(group.groupId, group);
      if (nominated) managed.add(group.groupId);
    }
  }
  if (!nominated && principal.roles.includes("class-teacher") && tenant.hasClassTeacherLinks) {
    const taught = await deps.groups.groupsTaughtBy(tenantId, principal.userId);
    const groups = (await Promise.all(taught.map((g) => deps.groups.get(tenantId, g)))).filter(
      (g): g is Group => g !== undefined,
    );
    for (const group of await earlyYearsClasses(deps, tenantId, settings.yearGroupIds, groups)) {
      found.set(group.groupId, group);
      managed.add(group.groupId);
    }
  }
  return [...found.values()]
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"))
    .map(({ groupId, name, memberCount, yearGroup }) => ({
      groupId,
      name,
      memberCount,
      ...(yearGroup && { yearGroup }),
      manages: managed.has(groupId),
    }));
}

async function allClasses(deps: Pick<Deps, "groups">, tenantId: string) {
  const classes: Group[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.groups.list(tenantId, { type: "class", limit: 100, cursor });
    classes.push(...page.items);
    cursor = page.cursor;
  } while (cursor && classes.length < maxClasses);
  return classes;
}

/** The early-years classes among `classes`: by their year's name, or else by the year groups of their first member. */
async function earlyYearsClasses(
  deps: Pick<Deps, "groups">,
  tenantId: string,
  yearGroupIds: string[],
  classes: readonly Group[],
) {
  const yearGroups = await Promise.all(yearGroupIds.map((g) => deps.groups.get(tenantId, g)));
  const names = new Set(yearGroups.flatMap((g) => (g ? [g.name] : [])));
  const inYear = await Promise.all(
    classes.map(async (group) => {
      if (group.yearGroup) return names.has(group.yearGroup);
      const first = await deps.groups.memberIds(tenantId, group.groupId, { limit: 1 });
      const member = first.items[0];
      if (!member) return false;
      const groups = await deps.groups.groupsOf(tenantId, member);
      return groups.some((g) => yearGroupIds.includes(g));
    }),
  );
  return classes.filter((_, i) => inYear[i]);
}

/**
 * What the console's early-years screens show: the settings (`getEarlyYears`), the year groups by name, and who
 * accepted the declaration by name.
 */
export async function earlyYearsOverview(
  deps: Pick<Deps, "tenants" | "groups" | "users">,
  principal: Principal,
) {
  const settings = await getEarlyYears(deps, principal);
  const tenantId = principal.tenantId;
  const [groups, names] = await Promise.all([
    Promise.all(settings.yearGroupIds.map((g) => deps.groups.get(tenantId, g))),
    actorNames(deps, tenantId, settings.declaration ? [settings.declaration.acceptedBy] : []),
  ]);
  const declaration = settings.declaration && {
    ...settings.declaration,
    acceptedBy: names.get(settings.declaration.acceptedBy) ?? "a headteacher no longer at the school",
  };
  return {
    enabled: settings.enabled,
    yearGroups: groups.flatMap((g) => (g ? [{ groupId: g.groupId, name: g.name }] : [])),
    defaultPin: settings.defaultPin,
    minLength: settings.minLength,
    declarationVersion: settings.declarationVersion,
    declarationText: settings.currentDeclaration.text,
    ...(declaration && { declaration }),
    hasClassTeacherLinks: settings.hasClassTeacherLinks,
  };
}

/** Every pupil of a class with their PIN status (`listClassPupilPins`, all pages; a class is far under the cap). */
export async function allClassPupilPins(
  deps: Pick<Deps, "tenants" | "groups" | "users" | "pupilPins">,
  principal: Principal,
  groupId: string,
) {
  const first = await listClassPupilPins(deps, principal, groupId, { limit: 200 });
  const pupils = [...first.items];
  let cursor = first.cursor;
  while (cursor && pupils.length < 1000) {
    const next = await listClassPupilPins(deps, principal, groupId, { limit: 200, cursor });
    pupils.push(...next.items);
    cursor = next.cursor;
  }
  const byName = (a: ClassPupilPin, b: ClassPupilPin) =>
    a.surname.localeCompare(b.surname, "en-GB") || a.forename.localeCompare(b.forename, "en-GB");
  return { group: first.group, pupils: pupils.sort(byName) };
}
