import { expect } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import type { Role } from "../../lib/domain/model.js";
import { type client, createTestTenant, eventually, staffPassword } from "./harness.js";

const names = [
  ["Ava", "Adams"],
  ["Ben", "Brown"],
  ["Cara", "Clark"],
  ["Dev", "Desai"],
  ["Ella", "Evans"],
  ["Finn", "Foster"],
  ["Grace", "Green"],
  ["Hugo", "Hall"],
  ["Isla", "Irving"],
] as const;

/**
 * A school for the early-years screens: Reception (year group) with classes Robins (pupils 1–4) and Wrens (5–8),
 * Year 2 (pupil 9, not early years); staff who sign in with passwords: the headteacher (Helen Head), a nominated
 * contact (Nina Contact), the class teachers of Robins (Rosa Robin) and Wrens (Will Wren), linked by the roster.
 */
export async function earlyYearsSchool(runtime: LocalRuntime, api: ReturnType<typeof client>) {
  const tenant = await createTestTenant(runtime);
  const pupils = names.map(([forename, surname], i) => ({
    externalId: `P${i + 1}`,
    username: `${forename.toLowerCase()}.${surname.toLowerCase()}`,
    forename,
    surname,
    dateOfBirth: `2021-0${(i % 9) + 1}-1${i}`,
    userType: "student",
  }));
  const staff = [
    {
      externalId: "S1",
      username: "head",
      forename: "Helen",
      surname: "Head",
      roles: ["headteacher", "staff"],
    },
    {
      externalId: "S2",
      username: "nc",
      forename: "Nina",
      surname: "Contact",
      roles: ["nominated-contact", "staff"],
    },
    {
      externalId: "S3",
      username: "t.robins",
      forename: "Rosa",
      surname: "Robin",
      roles: ["class-teacher", "staff"],
    },
    {
      externalId: "S4",
      username: "t.wrens",
      forename: "Will",
      surname: "Wren",
      roles: ["class-teacher", "staff"],
    },
  ];
  const { groups, users } = await importEarlyYearsRoster(runtime, api, tenant, pupils, staff);
  return {
    ...tenant,
    pupils,
    reception: groups.get("REC") as string,
    year2: groups.get("Y2") as string,
    robins: groups.get("ROBINS") as string,
    wrens: groups.get("WRENS") as string,
    pupilId: (n: number) => users.get(`P${n}`) as string,
    staffId: (externalId: string) => users.get(externalId) as string,
  };
}

type StaffRow = {
  externalId: string;
  username: string;
  forename?: string;
  surname?: string;
  roles: string[];
};

/**
 * The early-years roster of a school: Reception (year group) with classes Robins (pupils 1–4) and Wrens (5–8),
 * Year 2 (pupil 9). The headteacher and nominated contact are made directly (a roster may not grant privileged
 * roles); the class teachers come with the roster, linked to their classes unless `teacherLinks` is false. Every
 * member of staff signs in with `staffPassword`. Answers the groups' and users' ids by external id.
 */
export async function importEarlyYearsRoster(
  runtime: LocalRuntime,
  api: ReturnType<typeof client>,
  tenant: { tenantId: string; apiKey: string },
  pupils: readonly { externalId: string }[],
  staff: readonly StaffRow[],
  options: { teacherLinks?: boolean } = {},
) {
  const named = staff.map((s) => ({
    ...s,
    forename: s.forename ?? s.username,
    surname: s.surname ?? "Staff",
  }));
  for (const s of named.filter((m) => !m.roles.includes("class-teacher"))) {
    await createUserWithPassword(runtime.deps(), {
      tenantId: tenant.tenantId,
      ...s,
      userType: "staff",
      roles: s.roles as Role[],
      password: staffPassword,
    });
  }
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [
        { externalId: "REC", name: "Reception", type: "year-group" },
        { externalId: "Y2", name: "Year 2", type: "year-group" },
        { externalId: "ROBINS", name: "Robins", type: "class" },
        { externalId: "WRENS", name: "Wrens", type: "class" },
      ],
      users: [...pupils, ...named.map((s) => ({ ...s, userType: "staff" }))],
      memberships: pupils.flatMap((p, i) =>
        i === 8
          ? [{ groupExternalId: "Y2", userExternalId: p.externalId }]
          : [
              { groupExternalId: "REC", userExternalId: p.externalId },
              { groupExternalId: i < 4 ? "ROBINS" : "WRENS", userExternalId: p.externalId },
            ],
      ),
      classTeachers:
        options.teacherLinks === false
          ? []
          : [
              { groupExternalId: "ROBINS", userExternalId: "S3" },
              { groupExternalId: "WRENS", userExternalId: "S4" },
            ],
    },
  });
  // A large roster is imported as a job.
  if (imported.status === 202) {
    const jobId = imported.body.jobId as string;
    const job = await eventually(async () => {
      const current = await api("GET", `/v1/jobs/${jobId}`, { apiKey: tenant.apiKey });
      return current.body.status === "completed" ? current.body : undefined;
    });
    expect(job.failed).toBe(0);
  } else expect(imported.status).toBe(200);
  const deps = runtime.deps();
  const [groups, users] = await Promise.all([
    deps.groups.idsByExternalId(tenant.tenantId, ["REC", "Y2", "ROBINS", "WRENS"]),
    deps.users.idsByExternalId(
      tenant.tenantId,
      [...pupils, ...staff].map((u) => u.externalId),
    ),
  ]);
  for (const s of staff) {
    const userId = users.get(s.externalId) as string;
    await deps.credentials.setPassword(
      tenant.tenantId,
      userId,
      await deps.hasher.hash(staffPassword),
      new Date(),
    );
    await deps.users.markClaimed(tenant.tenantId, userId, new Date());
  }
  return { groups, users };
}
