import { describe, expect, it } from "vitest";
import {
  acceptEarlyYearsDeclaration,
  configureEarlyYears,
  getEarlyYears,
} from "../../../../lib/app/pupil-pins/early-years.js";
import { ConflictError } from "../../../../lib/domain/errors.js";
import { earlyYearsDeclaration } from "../../../../lib/domain/pupil-pin.js";
import { uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

/** A school with two year groups whose headteacher accepted the declaration for Reception with birthday PINs. */
async function declared() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "year1", name: "Year 1", type: "year-group" });
  const admin = userPrincipal(tenantId, "admin", ["site-admin"]);
  const head = userPrincipal(tenantId, "head", ["headteacher"]);
  const configure = (yearGroupIds: string[], random?: number, minLength = 4) =>
    configureEarlyYears(deps, admin, {
      yearGroupIds,
      defaultPin: random ? { kind: "random", length: random } : { kind: "birthday" },
      minLength,
    });
  const accept = (version: string) => acceptEarlyYearsDeclaration(deps, head, { version, accept: true });
  await configure(["reception"]);
  await accept(earlyYearsDeclaration.version);
  return { deps, head, configure, accept };
}

describe("early-years settings changed after the declaration", () => {
  it("pauses PIN login with a new declaration version when the year groups change, until the headteacher accepts it", async () => {
    const s = await declared();
    const changed = await s.configure(["reception", "year1"]);
    expect(changed.earlyYears).toMatchObject({
      enabled: false,
      declarationVersion: `${earlyYearsDeclaration.version}.1`,
    });
    expect(changed.job).toBeUndefined();
    await expect(s.accept(earlyYearsDeclaration.version)).rejects.toBeInstanceOf(ConflictError);
    const shown = await getEarlyYears(s.deps, s.head);
    expect(shown.currentDeclaration.version).toBe(`${earlyYearsDeclaration.version}.1`);
    expect(shown.enabled).toBe(false);
    const accepted = await s.accept(`${earlyYearsDeclaration.version}.1`);
    expect(accepted.earlyYears).toMatchObject({
      enabled: true,
      yearGroupIds: ["reception", "year1"],
      declaration: { version: `${earlyYearsDeclaration.version}.1`, acceptedBy: "user:head" },
    });
  });

  it("pauses PIN login when the default rule changes", async () => {
    const s = await declared();
    const changed = await s.configure(["reception"], 6);
    expect(changed.earlyYears).toMatchObject({
      enabled: false,
      declarationVersion: `${earlyYearsDeclaration.version}.1`,
    });
  });

  it("keeps PIN login on, with the same version, when only the minimum length changes or nothing does", async () => {
    const s = await declared();
    for (const result of [await s.configure(["reception"]), await s.configure(["reception"], undefined, 4)])
      expect(result.earlyYears).toMatchObject({
        enabled: true,
        declarationVersion: earlyYearsDeclaration.version,
      });
  });

  it("gives a new version for a change before the first acceptance too, so the headteacher accepts what they saw", async () => {
    const deps = fakeDeps();
    const tenantId = uniqueId("tenant");
    deps.tenants.seed({ tenantId });
    deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
    deps.groups.seed({ tenantId, groupId: "year1", name: "Year 1", type: "year-group" });
    const admin = userPrincipal(tenantId, "admin", ["site-admin"]);
    const head = userPrincipal(tenantId, "head", ["headteacher"]);
    const rule = { kind: "birthday" } as const;
    await configureEarlyYears(deps, admin, { yearGroupIds: ["reception"], defaultPin: rule, minLength: 4 });
    const seen = (await getEarlyYears(deps, head)).currentDeclaration.version;
    await configureEarlyYears(deps, admin, {
      yearGroupIds: ["reception", "year1"],
      defaultPin: rule,
      minLength: 4,
    });
    await expect(
      acceptEarlyYearsDeclaration(deps, head, { version: seen, accept: true }),
    ).rejects.toBeInstanceOf(ConflictError);
    const now = (await getEarlyYears(deps, head)).currentDeclaration.version;
    expect(now).not.toBe(seen);
    const accepted = await acceptEarlyYearsDeclaration(deps, head, { version: now, accept: true });
    expect(accepted.earlyYears).toMatchObject({ enabled: true, yearGroupIds: ["reception", "year1"] });
  });

  it("needs no new version for the first choice of year groups", async () => {
    const deps = fakeDeps();
    const tenantId = uniqueId("tenant");
    deps.tenants.seed({ tenantId });
    deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
    const admin = userPrincipal(tenantId, "admin", ["site-admin"]);
    await configureEarlyYears(deps, admin, {
      yearGroupIds: [],
      defaultPin: { kind: "birthday" },
      minLength: 4,
    });
    const changed = await configureEarlyYears(deps, admin, {
      yearGroupIds: ["reception"],
      defaultPin: { kind: "random", length: 6 },
      minLength: 4,
    });
    expect(changed.earlyYears.declarationVersion).toBe(earlyYearsDeclaration.version);
  });
});

describe("a settings change and the headteacher's acceptance at once", () => {
  it("never mix: one of them is refused (409) and the stored settings are the other's", async () => {
    const s = await declared();
    s.deps.clock.advance(60_000);
    // Both read the settings before either writes: the tenant is answered to neither until both asked.
    const get = s.deps.tenants.get.bind(s.deps.tenants);
    let release = () => {};
    const bothRead = new Promise<void>((resolve) => {
      let waiting = 0;
      release = () => {
        if (++waiting === 2) resolve();
      };
    });
    s.deps.tenants.get = async (tenantId: string) => {
      const tenant = await get(tenantId);
      release();
      await bothRead;
      return tenant;
    };
    const [changed, accepted] = await Promise.allSettled([
      s.configure(["reception", "year1"]),
      s.accept(earlyYearsDeclaration.version),
    ]);
    const outcomes = [changed.status, accepted.status].sort();
    expect(outcomes).toEqual(["fulfilled", "rejected"]);
    const refused = [changed, accepted].find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    const shown = await getEarlyYears(s.deps, s.head);
    if (changed.status === "fulfilled")
      expect(shown).toMatchObject({ enabled: false, yearGroupIds: ["reception", "year1"] });
    else expect(shown).toMatchObject({ enabled: true, yearGroupIds: ["reception"] });
  });
});
