import { describe, expect, it } from "vitest";
import { actorNames } from "../../../../lib/app/directory/actor-names.js";
import {
  earlyYearsOverview,
  listEarlyYearsClasses,
} from "../../../../lib/app/pupil-pins/early-years-classes.js";
import { listClassPupilPins } from "../../../../lib/app/pupil-pins/pupil-pins.js";
import type { Role } from "../../../../lib/domain/model.js";
import type { Principal } from "../../../../lib/domain/permissions.js";
import { defaultEarlyYearsSettings } from "../../../../lib/domain/pupil-pin.js";
import { apiKeyPrincipal, aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps, fakeHashOf } from "../../../fakes/index.js";

/**
 * Reception (early years) with Robins (its year named) and Wrens (no year name: found by its first member), Year 2
 * with Owls; Robins's teacher; a pupil in Robins whose PIN their teacher changed.
 */
function school(options: { teacherLinks?: boolean } = {}) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({
    tenantId,
    hasClassTeacherLinks: options.teacherLinks ?? true,
    earlyYears: { ...defaultEarlyYearsSettings, enabled: true, yearGroupIds: ["reception"] },
  });
  deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "year2", name: "Year 2", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "robins", name: "Robins", yearGroup: "Reception" });
  deps.groups.seed({ tenantId, groupId: "wrens", name: "Wrens" });
  deps.groups.seed({ tenantId, groupId: "owls", name: "Owls", yearGroup: "Year 2" });
  const pupil = (groups: string[]) => {
    const user = deps.users.seed(aUser({ tenantId, userType: "student", roles: ["pupil"] }));
    for (const g of groups) deps.groups.seedLink(tenantId, "member", g, user.userId);
    return user;
  };
  const ava = pupil(["reception", "robins"]);
  pupil(["reception", "wrens"]);
  pupil(["year2", "owls"]);
  const staff = (roles: Role[], teaches: string[] = [], name = ["Rosa", "Robin"]): Principal => {
    const user = deps.users.seed(aUser({ tenantId, roles, forename: name[0], surname: name[1] }));
    for (const groupId of teaches) deps.groups.seedLink(tenantId, "teacher", groupId, user.userId);
    return userPrincipal(tenantId, user.userId, roles);
  };
  return { deps, tenantId, ava, staff };
}

const names = (classes: { name: string }[]) => classes.map((c) => c.name);

describe("listEarlyYearsClasses", () => {
  it("gives a class teacher the early-years classes linked to them", async () => {
    const { deps, staff } = school();
    expect(names(await listEarlyYearsClasses(deps, staff(["class-teacher", "staff"], ["robins"])))).toEqual([
      "Robins",
    ]);
    expect(await listEarlyYearsClasses(deps, staff(["class-teacher", "staff"], ["owls"]))).toEqual([]);
  });

  it("gives a nominated contact every early-years class, by year name or by its members", async () => {
    const { deps, staff } = school();
    const classes = await listEarlyYearsClasses(deps, staff(["nominated-contact", "staff"]));
    expect(names(classes)).toEqual(["Robins", "Wrens"]);
    expect(classes.every((c) => c.manages)).toBe(true);
  });

  it("gives the headteacher and site admins every early-years class to see, not to manage", async () => {
    const { deps, staff } = school();
    for (const roles of [
      ["headteacher", "staff"],
      ["site-admin", "staff"],
    ] as Role[][]) {
      const classes = await listEarlyYearsClasses(deps, staff(roles));
      expect(names(classes)).toEqual(["Robins", "Wrens"]);
      expect(classes.every((c) => !c.manages)).toBe(true);
    }
  });

  it("gives none to a class teacher of a school without class-teacher links, other staff or an API key", async () => {
    const { deps, staff, tenantId } = school({ teacherLinks: false });
    expect(await listEarlyYearsClasses(deps, staff(["class-teacher", "staff"], ["robins"]))).toEqual([]);
    expect(await listEarlyYearsClasses(deps, staff(["staff"]))).toEqual([]);
    expect(await listEarlyYearsClasses(deps, apiKeyPrincipal(tenantId))).toEqual([]);
  });
});

describe("who changed a PIN, by name", () => {
  it("names the person in the class list and keeps the actor id", async () => {
    const { deps, staff, tenantId, ava } = school();
    const teacher = staff(["class-teacher", "staff"], ["robins"]);
    const actor = `user:${teacher.kind === "user" ? teacher.userId : ""}`;
    await deps.pupilPins.put(tenantId, ava.userId, {
      hash: fakeHashOf("739164"),
      status: "changed",
      source: "chosen",
      changedAt: "2026-11-29T10:00:00.000Z",
      changedBy: actor,
    });
    const list = await listClassPupilPins(deps, teacher, "robins", { limit: 50 });
    expect(list.items[0]).toMatchObject({ lastChangedBy: actor, lastChangedByName: "Rosa Robin" });
  });

  it("says an API key is the school's system, and leaves out users it does not know", async () => {
    const { deps, tenantId } = school();
    const names = await actorNames(deps, tenantId, ["api-key:k1", "user:gone"]);
    expect(names.get("api-key:k1")).toBe("The school's system (API key)");
    expect(names.has("user:gone")).toBe(false);
  });

  it("names who accepted the declaration", async () => {
    const { deps, staff, tenantId } = school();
    const head = staff(["headteacher", "staff"], [], ["Helen", "Head"]);
    const tenant = await deps.tenants.get(tenantId);
    deps.tenants.seed({
      tenantId,
      hasClassTeacherLinks: true,
      earlyYears: {
        ...(tenant?.earlyYears ?? defaultEarlyYearsSettings),
        declaration: {
          version: "2026-11",
          acceptedBy: `user:${head.kind === "user" ? head.userId : ""}`,
          acceptedAt: "2026-11-29T10:00:00.000Z",
        },
      },
    });
    const overview = await earlyYearsOverview(deps, head);
    expect(overview.declaration?.acceptedBy).toBe("Helen Head");
    expect(overview.yearGroups).toEqual([{ groupId: "reception", name: "Reception" }]);
  });
});
