import { describe, expect, it } from "vitest";
import { listUnclaimedUsers } from "../../../../lib/app/temporary-passwords/temporary-passwords.js";
import {
  pickerGroups,
  sortUnclaimed,
  type UnclaimedRow,
  unclaimedPage,
  unclaimedScreen,
} from "../../../../lib/app/temporary-passwords/unclaimed-pages.js";
import { ForbiddenError, ValidationError } from "../../../../lib/domain/errors.js";
import { aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

const surnames = ["Young", "Adams", "Moss", "Baker", "Xu", "Clark", "Webb", "Dale", "Vance", "Evans"];

/** Ten unclaimed pupils in one group, seeded in an order unrelated to their names; one claimed; one who left. */
function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const groupId = uniqueId("group");
  deps.groups.seed({ tenantId, groupId, name: "Year 10" });
  deps.groups.seed({ tenantId, groupId: uniqueId("group"), name: "Year 2" });
  const pupils = surnames.map((surname, i) =>
    deps.users.seed(
      aUser({ tenantId, surname, forename: `P${i}`, username: `pupil${i + 1}`, userType: "student" }),
    ),
  );
  const claimed = deps.users.seed(aUser({ tenantId, surname: "Aaron", claimedAt: "2025-01-01" }));
  const left = deps.users.seed(aUser({ tenantId, surname: "Abbot", status: "left" }));
  for (const u of [...pupils, claimed, left]) deps.groups.seedLink(tenantId, "member", groupId, u.userId);
  const admin = deps.users.seed(aUser({ tenantId, roles: ["site-admin"], claimedAt: "2025-01-01" }));
  const principal = userPrincipal(tenantId, admin.userId, ["site-admin"]);
  return { deps, tenantId, groupId, principal };
}

describe("listUnclaimedUsers with a group", () => {
  it("sorts the whole group, then pages it by position", async () => {
    const s = school();
    for (const sort of ["surname", "-surname"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listUnclaimedUsers(s.deps, s.principal, {
          groupId: s.groupId,
          sort,
          limit: 3,
          cursor,
        });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((u) => u.surname));
        cursor = page.cursor;
      } while (cursor);
      const sorted = [...surnames].sort((a, b) => a.localeCompare(b, "en-GB"));
      expect(seen).toEqual(sort === "surname" ? sorted : sorted.reverse());
    }
  });

  it("refuses a cursor it did not make", async () => {
    const s = school();
    await expect(
      listUnclaimedUsers(s.deps, s.principal, {
        groupId: s.groupId,
        sort: "surname",
        limit: 3,
        cursor: "nonsense",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("the console's unclaimed list", () => {
  it("sorts by any column across all pages and pages the result", async () => {
    const s = school();
    const first = await unclaimedPage(s.deps, s.principal, {
      sort: "username",
      dir: "desc",
      page: 1,
      size: 4,
    });
    const rest = [2, 3].map((page) =>
      unclaimedPage(s.deps, s.principal, { sort: "username", dir: "desc", page, size: 4 }),
    );
    const all = [first, ...(await Promise.all(rest))].flatMap((p) => p.items.map((r) => r.username));
    expect(first.total).toBe(10);
    expect(all).toEqual(["pupil10", ...Array.from({ length: 9 }, (_, i) => `pupil${9 - i}`)]);
    const clamped = await unclaimedPage(s.deps, s.principal, { sort: "name", dir: "asc", page: 99, size: 4 });
    expect(clamped.page).toBe(3);
  });

  it("offers Show to site admins only and the group filter to whoever may read groups", async () => {
    const s = school();
    const admin = await unclaimedScreen(s.deps, s.principal, { group: s.groupId });
    expect(admin.mayReveal).toBe(true);
    expect(admin.groups?.map((g) => g.name)).toEqual(["Year 2", "Year 10"]);
    const contact = userPrincipal(s.tenantId, "someone", ["nominated-contact"]);
    expect((await unclaimedScreen(s.deps, contact, {})).mayReveal).toBe(false);
    const teacher = userPrincipal(s.tenantId, "someone", ["class-teacher"]);
    await expect(unclaimedScreen(s.deps, teacher, {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("breaks ties by name, then username", () => {
    const row = (username: string, surname: string, status: "active" | "none"): UnclaimedRow => ({
      userId: username,
      username,
      forename: "A",
      surname,
      userType: "student",
      temporaryPassword: { status },
    });
    const rows = [row("c", "Zed", "none"), row("b", "Bee", "active"), row("a", "Bee", "none")];
    expect(sortUnclaimed(rows, "status", "asc").map((r) => r.username)).toEqual(["b", "a", "c"]);
  });
});

describe("pickerGroups", () => {
  it("keeps the selection's order and drops ids that are not this school's groups", async () => {
    const s = school();
    const groups = await pickerGroups(s.deps, s.principal, "Year 1", ["unknown", s.groupId]);
    expect(groups.selected.map((g) => g.groupId)).toEqual([s.groupId]);
    expect(groups.matching.map((g) => g.name)).toEqual(["Year 10"]);
  });
});

describe("listUnclaimedUsers with a very large group", () => {
  it("refuses a group of more members than it sorts in one request (422), reading no more than that", async () => {
    const s = school();
    const { maxSortedGroupMembers } = await import(
      "../../../../lib/app/temporary-passwords/temporary-passwords.js"
    );
    const everyone = uniqueId("group");
    s.deps.groups.seed({ tenantId: s.tenantId, groupId: everyone, name: "Everyone" });
    for (let i = 0; i <= maxSortedGroupMembers; i++) {
      s.deps.groups.seedLink(s.tenantId, "member", everyone, `u-${i}`);
    }
    const asked = listUnclaimedUsers(s.deps, s.principal, { groupId: everyone, sort: "surname", limit: 50 });
    await expect(asked).rejects.toBeInstanceOf(ValidationError);
    await expect(asked).rejects.toMatchObject({ errors: [{ pointer: "/groupId" }] });
    // A group of exactly the limit is read and sorted.
    const full = uniqueId("group");
    s.deps.groups.seed({ tenantId: s.tenantId, groupId: full, name: "Full" });
    for (let i = 0; i < maxSortedGroupMembers; i++)
      s.deps.groups.seedLink(s.tenantId, "member", full, `u-${i}`);
    const page = await listUnclaimedUsers(s.deps, s.principal, { groupId: full, sort: "surname", limit: 50 });
    expect(page.items).toEqual([]);
  });
});

describe("unclaimedPage over a large group (how often it reads)", () => {
  it("reads the group's members once per screen, not once per 200 of them", async () => {
    const deps = fakeDeps();
    const tenantId = uniqueId("tenant");
    deps.tenants.seed({ tenantId });
    const groupId = uniqueId("group");
    deps.groups.seed({ tenantId, groupId, name: "All pupils" });
    for (let i = 0; i < 1000; i++) {
      const pupil = deps.users.seed(aUser({ tenantId, surname: `S${i}`, userType: "student" }));
      deps.groups.seedLink(tenantId, "member", groupId, pupil.userId);
    }
    const admin = deps.users.seed(aUser({ tenantId, roles: ["site-admin"], claimedAt: "2025-01-01" }));
    const principal = userPrincipal(tenantId, admin.userId, ["site-admin"]);
    let usersRead = 0;
    const getMany = deps.users.getMany.bind(deps.users);
    deps.users.getMany = async (t: string, ids: readonly string[]) => {
      usersRead += ids.length;
      return getMany(t, ids);
    };
    const page = await unclaimedPage(deps, principal, {
      groupId,
      sort: "name",
      dir: "asc",
      page: 1,
      size: 25,
    });
    expect(page.total).toBe(1000);
    // Each call of the API's sorted group path reads the whole group: paging it by 200 read it 5 times (25 times
    // for a 5,000-member group: 125,000 users for one GET, any passwords:read user, every click).
    expect(usersRead).toBeLessThanOrEqual(1000);
  });
});
