import { describe, expect, it } from "vitest";
import { classNamesOf } from "../../../../lib/app/directory/class-names.js";
import { uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

describe("classNamesOf", () => {
  it("names each user's classes (not their year or other groups), and leaves out users in none", async () => {
    const deps = fakeDeps();
    const tenantId = uniqueId("tenant");
    const year = deps.groups.seed({ tenantId, groupId: "y4", name: "Year 4", type: "year-group" });
    const oak = deps.groups.seed({ tenantId, groupId: "oak", name: "Year 4 Oak", type: "class" });
    const choir = deps.groups.seed({ tenantId, groupId: "choir", name: "Choir", type: "custom" });
    const art = deps.groups.seed({ tenantId, groupId: "art", name: "Art 10", type: "class" });
    const art2 = deps.groups.seed({ tenantId, groupId: "art2", name: "Art 9", type: "class" });
    for (const g of [year, oak, choir]) deps.groups.seedLink(tenantId, "member", g.groupId, "ava");
    for (const g of [art, art2]) deps.groups.seedLink(tenantId, "member", g.groupId, "ben");
    deps.groups.seedLink(tenantId, "member", year.groupId, "cal");
    deps.groups.seedLink(uniqueId("other"), "member", "oak", "dan");
    const names = await classNamesOf(deps, tenantId, ["ava", "ben", "cal", "dan"]);
    expect(Object.fromEntries(names)).toEqual({ ava: "Year 4 Oak", ben: "Art 9, Art 10" });
  });
});
