import { describe, expect, it } from "vitest";
import { importRoster } from "../../../../lib/app/roster/import-roster.js";
import { pruneToSnapshot } from "../../../../lib/app/roster/snapshot.js";
import { apiKeyPrincipal, aUser, uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

/** Class A (pupils p1, p2; teacher t1), class B (p3), and a custom group made outside the roster (p1). */
function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  for (const id of ["p1", "p2", "p3", "t1"])
    deps.users.seed(aUser({ tenantId, userId: id, externalId: id.toUpperCase() }));
  deps.groups.seed({ tenantId, groupId: "a", externalId: "A", name: "A" });
  deps.groups.seed({ tenantId, groupId: "b", externalId: "B", name: "B" });
  deps.groups.seed({ tenantId, groupId: "own", name: "Made in the console", type: "custom" });
  for (const [g, u] of [
    ["a", "p1"],
    ["a", "p2"],
    ["b", "p3"],
    ["own", "p1"],
  ] as const) {
    deps.groups.seedLink(tenantId, "member", g, u);
  }
  deps.groups.seedLink(tenantId, "teacher", "a", "t1");
  const members = async (groupId: string) =>
    (await deps.groups.memberIds(tenantId, groupId, { limit: 100 })).items.sort();
  return { deps, tenantId, members };
}

const link = (line: number, group: string, user: string) => ({
  section: "memberships" as const,
  line,
  row: { groupExternalId: group, userExternalId: user },
});

describe("pruneToSnapshot", () => {
  it("removes the links of the section's kind in roster groups that the snapshot does not name", async () => {
    const s = school();
    const result = await pruneToSnapshot(
      s.deps,
      s.tenantId,
      "memberships",
      [link(1, "A", "P1"), link(2, "B", "P2")],
      [],
    );
    expect(result).toEqual({ removed: 2 });
    expect(await s.members("a")).toEqual(["p1"]);
    expect(await s.members("b")).toEqual([]);
    expect((await s.deps.groups.get(s.tenantId, "a"))?.memberCount).toBe(1);
    // Groups made outside the roster and the other kind of link are left alone.
    expect(await s.members("own")).toEqual(["p1"]);
    expect(await s.deps.groups.teacherIds(s.tenantId, "a")).toEqual(["t1"]);
  });

  it("removes nothing from a section with invalid rows, and says why", async () => {
    const s = school();
    const result = await pruneToSnapshot(
      s.deps,
      s.tenantId,
      "memberships",
      [],
      [{ section: "memberships", line: 3, reason: "groupExternalId: too short" }],
    );
    expect(result.removed).toBe(0);
    expect(result.error).toMatchObject({ section: "memberships", line: 0 });
    expect(await s.members("a")).toEqual(["p1", "p2"]);
  });

  it("prunes only the sections an import sends, and only in snapshot mode", async () => {
    const s = school();
    const principal = apiKeyPrincipal(s.tenantId);
    const memberships = [{ line: 1, value: { groupExternalId: "A", userExternalId: "P1" } }];
    const merge = await importRoster(s.deps, principal, { memberships }, { asyncThreshold: 1000 });
    expect(merge.mode === "sync" && merge.result.removed).toBe(0);
    expect(await s.members("a")).toEqual(["p1", "p2"]);
    const snapshot = await importRoster(
      s.deps,
      principal,
      { classTeachers: [] },
      { asyncThreshold: 1000, snapshot: true },
    );
    expect(snapshot.mode === "sync" && snapshot.result.removed).toBe(1);
    expect(await s.members("a")).toEqual(["p1", "p2"]);
    expect(await s.deps.groups.teacherIds(s.tenantId, "a")).toEqual([]);
  });
});
