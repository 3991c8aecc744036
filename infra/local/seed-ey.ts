import type { Deps } from "../../lib/app/deps.js";
import { configureEarlyYears } from "../../lib/app/pupil-pins/early-years.js";
import type { Role } from "../../lib/domain/roles.js";
import type { UserRow } from "../../lib/domain/roster.js";

/** The demo SSO PIN of the office manager (set as if they had created it at their first SSO sign-in). */
export const demoSsoPin = "482913";

/**
 * Demo data for the Early years and Users screens: the site admin has chosen Reception for early-years PIN login
 * (birthday defaults, as myUSO) — the headteacher still has to accept the declaration in the console —, and the
 * office manager and the class teachers have SSO accounts (the "sso" profile), the office manager with an SSO PIN
 * set, so System users can show and reset one. Called once, when the demo school is created.
 */
export async function seedEarlyYearsDemo(
  deps: Deps,
  tenantId: string,
  users: readonly { row: unknown }[],
  now: Date,
) {
  const rows = users.map((u) => u.row as UserRow);
  const ssoStaff = rows.filter(
    (r) => r.username === "office" || (r.roles ?? []).includes("class-teacher" as Role),
  );
  for (const row of ssoStaff) await deps.users.upsertFromRoster(tenantId, { ...row, profiles: ["sso"] }, now);
  const office = await deps.users.findByUsername(tenantId, "office");
  if (office) await deps.ssoPins.set(tenantId, office.userId, await deps.hasher.hash(demoSsoPin), now);
  const admin = await deps.users.findByUsername(tenantId, "admin");
  const { items } = await deps.groups.list(tenantId, { search: "Reception", type: "year-group", limit: 10 });
  const reception = items.find((g) => g.name === "Reception");
  if (!admin || !reception) return;
  await configureEarlyYears(
    deps,
    { kind: "user", tenantId, userId: admin.userId, roles: admin.roles },
    {
      yearGroupIds: [reception.groupId],
      defaultPin: { kind: "birthday" },
      minLength: 4,
    },
  );
}
