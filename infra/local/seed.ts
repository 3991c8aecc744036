import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Deps } from "../../lib/app/deps.js";
import { createApiKey, createTenant, createUserWithPassword } from "../../lib/app/operator/operator.js";
import { applyRosterRows, type RosterRow } from "../../lib/app/roster/apply-roster-rows.js";
import { parseApiKey } from "../../lib/domain/api-key.js";
import { normalisePassword } from "../../lib/domain/password-rules.js";
import { holdsPrivilegedRole, type Role } from "../../lib/domain/roles.js";
import { type RosterInput, validateRoster } from "../../lib/domain/roster.js";

export const demoTenantId = "oakfield-primary";
/** Demo staff accounts share this password (local runtime only). */
export const demoPassword = "Oakfield-Demo-2026";

export type DemoCredentials = {
  tenantId: string;
  apiKey: string;
  password: string;
  users: { username: string; roles: string }[];
};

const forenames = [
  "Olivia",
  "Amelia",
  "Isla",
  "Ava",
  "Mia",
  "Ivy",
  "Lily",
  "Isabella",
  "Rosie",
  "Sophia",
  "Grace",
  "Freya",
  "Willow",
  "Florence",
  "Emily",
  "Ella",
  "Poppy",
  "Evie",
  "Noah",
  "Oliver",
  "George",
  "Arthur",
  "Leo",
  "Muhammad",
  "Harry",
  "Oscar",
  "Archie",
  "Henry",
  "Theodore",
  "Freddie",
  "Jack",
  "Charlie",
  "Finley",
  "Theo",
  "Alfie",
  "Jacob",
  "Aisha",
  "Zara",
  "Yusuf",
  "Priya",
];
const surnames = [
  "Smith",
  "Jones",
  "Williams",
  "Taylor",
  "Brown",
  "Davies",
  "Evans",
  "Wilson",
  "Thomas",
  "Johnson",
  "Roberts",
  "Robinson",
  "Thompson",
  "Wright",
  "Walker",
  "White",
  "Edwards",
  "Hughes",
  "Green",
  "Hall",
  "Lewis",
  "Harris",
  "Clarke",
  "Patel",
  "Jackson",
  "Wood",
  "Turner",
  "Martin",
  "Cooper",
  "Hill",
  "Ward",
  "Morris",
  "Moore",
  "Clark",
  "Lee",
  "King",
  "Baker",
  "Harrison",
  "Morgan",
  "Allen",
];
const years = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"];
const classNames = ["Oak", "Ash", "Elm"];
const pupilsPerClass = 28;
const domain = "oakfield.sch.example";

/** Deterministic pseudo-random numbers, so the demo school is the same on every machine. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

/**
 * The demo school's roster as its MIS would export it: 7 year groups, 21 classes with a class teacher each,
 * 588 pupils with dates of birth, a site admin, a headteacher, a nominated contact, office staff and parents.
 */
export function demoRoster(academicYearStart: number): RosterInput {
  const pick = random(2026);
  const groups: unknown[] = [];
  const users: unknown[] = [];
  const memberships: unknown[] = [];
  const classTeachers: unknown[] = [];
  const staff = (id: string, username: string, forename: string, surname: string, roles: string[]) =>
    users.push({
      externalId: id,
      username,
      forename,
      surname,
      email: `${username}@${domain}`,
      emailVerified: true,
      userType: "staff",
      roles,
    });

  staff("STAFF-0001", "admin", "Alex", "Morgan", ["site-admin", "staff"]);
  staff("STAFF-0002", "head", "Helen", "Fairweather", ["headteacher", "site-admin", "staff"]);
  staff("STAFF-0003", "nc.patel", "Nadia", "Patel", ["nominated-contact", "staff"]);
  staff("STAFF-0004", "office", "Owen", "Price", ["staff"]);

  let pupil = 0;
  years.forEach((year, y) => {
    const yearId = `YEAR-${y}`;
    groups.push({ externalId: yearId, name: year, type: "year-group" });
    // Reception children turn 5 during the academic year that starts in September `academicYearStart`.
    const birthYear = academicYearStart - 5 - y;
    for (const [c, className] of classNames.entries()) {
      const classId = `CLASS-${y}-${className}`;
      groups.push({ externalId: classId, name: `${year} ${className}`, type: "class", yearGroup: year });
      const teacherId = `STAFF-1${y}${c}`;
      const forename = forenames[pick(forenames.length)] as string;
      const surname = surnames[pick(surnames.length)] as string;
      staff(teacherId, `t.${y}${className.toLowerCase()}.${surname.toLowerCase()}`, forename, surname, [
        "class-teacher",
        "staff",
      ]);
      classTeachers.push({ groupExternalId: classId, userExternalId: teacherId });
      for (let i = 0; i < pupilsPerClass; i++) {
        pupil++;
        const id = `PUPIL-${String(pupil).padStart(4, "0")}`;
        const month = pick(12);
        const dob = new Date(Date.UTC(birthYear + (month < 4 ? 1 : 0), (month + 8) % 12, 1 + pick(28)));
        users.push({
          externalId: id,
          username: `pupil${String(pupil).padStart(4, "0")}`,
          forename: forenames[pick(forenames.length)],
          surname: surnames[pick(surnames.length)],
          dateOfBirth: dob.toISOString().slice(0, 10),
          userType: "student",
        });
        memberships.push({ groupExternalId: yearId, userExternalId: id });
        memberships.push({ groupExternalId: classId, userExternalId: id });
      }
    }
  });
  for (let p = 1; p <= 6; p++) {
    const surname = surnames[pick(surnames.length)] as string;
    users.push({
      externalId: `PARENT-${p}`,
      username: `parent.${surname.toLowerCase()}${p}`,
      forename: forenames[pick(forenames.length)],
      surname,
      email: `parent${p}@families.example`,
      emailVerified: p % 2 === 0,
      userType: "parent",
    });
  }
  const lines = (rows: unknown[]) => rows.map((value, i) => ({ line: i + 1, value }));
  return {
    groups: lines(groups),
    users: lines(users),
    memberships: lines(memberships),
    classTeachers: lines(classTeachers),
  };
}

/**
 * Seeds the demo tenant once (a persisted table keeps it), and returns credentials to print. The API key is kept
 * in the state folder because only its hash is in the table.
 */
export async function seedDemoTenant(deps: Deps, stateDir: string): Promise<DemoCredentials> {
  const now = deps.clock.now();
  const keyFile = join(stateDir, "demo-api-key.json");
  if (!(await deps.tenants.get(demoTenantId))) {
    await createTenant(deps, {
      tenantId: demoTenantId,
      name: "Oakfield Primary School",
      environmentName: "Oakfield Primary",
      // The README's walk-throughs sign in with a password only; the authenticator walk-through turns the gate on
      // (PATCH /v1/tenant preferences.twoFactorRoles), as a school's site admin would.
      preferences: { twoFactorRoles: [] },
    });
    const academicYearStart = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const { valid, errors } = validateRoster(demoRoster(academicYearStart), now.toISOString().slice(0, 10));
    if (errors.length) throw new Error(`Demo roster is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
    // A roster never grants a privileged role nor verifies an email: the school's administrators are created the
    // way an operator creates them, and staff verify their own addresses (here, as if each had followed the link).
    const hash = await deps.hasher.hash(normalisePassword(demoPassword));
    const administrators = valid.users.filter((u) => holdsPrivilegedRole((u.row.roles ?? []) as Role[]));
    for (const { row } of administrators) {
      await createUserWithPassword(deps, {
        tenantId: demoTenantId,
        externalId: row.externalId,
        username: row.username,
        forename: row.forename,
        surname: row.surname,
        userType: row.userType,
        email: row.email,
        emailVerified: Boolean(row.email),
        roles: (row.roles ?? []) as Role[],
        password: demoPassword,
        passwordHash: hash,
      });
    }
    const result = await applyRosterRows(deps, demoTenantId, [
      ...valid.groups,
      ...valid.users.filter((u) => !administrators.includes(u)),
    ] as RosterRow[]);
    const links = await applyRosterRows(deps, demoTenantId, [
      ...valid.memberships,
      ...valid.classTeachers,
    ] as RosterRow[]);
    if (result.failed || links.failed) throw new Error("Demo roster did not apply cleanly");
    await (await import("./seed-ey.js")).seedEarlyYearsDemo(deps, demoTenantId, valid.users, now);
    // The people whose demo row says their address is verified have proved it (as following the emailed link would).
    const verified = valid.users.filter((u) => u.row.emailVerified && u.row.email);
    const ids = await deps.users.idsByExternalId(
      demoTenantId,
      verified.map((u) => u.row.externalId),
    );
    for (const { row } of verified) {
      const userId = ids.get(row.externalId);
      if (userId && row.email) await deps.users.markEmailVerified(demoTenantId, userId, row.email);
    }
    const staff = valid.users.filter((u) => u.row.userType === "staff");
    // One hash for everyone (the same demo password); pupils stay unclaimed, ready for a regeneration.
    await Promise.all(
      staff.map(async (s) => {
        const user = await deps.users.findByUsername(demoTenantId, s.row.username);
        if (user) {
          await deps.credentials.setPassword(demoTenantId, user.userId, hash, now);
          await deps.users.markClaimed(demoTenantId, user.userId, now);
        }
      }),
    );
  }
  const apiKey = await storedKey(deps, keyFile);
  const staff = (demoRoster(2026).users ?? [])
    .map((u) => u.value as { username: string; userType: string; roles?: string[] })
    .flatMap((u) => (u.userType === "staff" && u.roles ? [{ username: u.username, roles: u.roles }] : []));
  const teacher = staff.find((u) => u.roles.includes("class-teacher"));
  return {
    tenantId: demoTenantId,
    apiKey,
    password: demoPassword,
    users: [
      ...staff.filter((u) => u.roles.includes("site-admin") || u.roles.includes("nominated-contact")),
      ...(teacher ? [teacher] : []),
    ].map((u) => ({ username: u.username, roles: u.roles.join(", ") })),
  };
}

async function storedKey(deps: Deps, file: string): Promise<string> {
  try {
    const { apiKey } = JSON.parse(await readFile(file, "utf8")) as { apiKey: string };
    const parsed = parseApiKey(apiKey);
    if (parsed && (await deps.tenants.findApiKey(parsed.tenantId, parsed.hash))) return apiKey;
  } catch {
    // No stored key yet (or the table was reset): issue a new one.
  }
  const { apiKey } = await createApiKey(deps, { tenantId: demoTenantId, name: "Demo MIS sync" });
  await writeFile(file, JSON.stringify({ apiKey }), { mode: 0o600 });
  return apiKey;
}
