import { describe, expect, it } from "vitest";
import { consoleNav, consoleSections, sectionsFor } from "../../../../lib/api/console/nav.js";
import type { Role } from "../../../../lib/domain/model.js";
import { can, type Principal } from "../../../../lib/domain/permissions.js";

type UserPrincipal = Extract<Principal, { kind: "user" }>;
const person = (roles: Role[], withheldRoles: Role[] = []): UserPrincipal => ({
  kind: "user",
  tenantId: "t",
  userId: "u",
  roles,
  withheldRoles,
});
const labels = (roles: Role[]) => sectionsFor(person(roles)).map((s) => s.label);

describe("the console's sections by role", () => {
  it("gives a site admin every section and every screen but the headteacher's declaration", () => {
    const sections = sectionsFor(person(["site-admin", "staff"]));
    expect(sections.map((s) => s.label)).toEqual(consoleSections.map((s) => s.label));
    expect(sections.flatMap((s) => s.screens)).toEqual(
      consoleSections.flatMap((s) => s.screens).filter((s) => s.href !== "/console/early-years/declaration"),
    );
  });

  it("gives a class teacher their early-years class lists and the users, nothing to administer", () => {
    expect(labels(["class-teacher", "staff"])).toEqual(["Early years", "Users"]);
    const earlyYears = sectionsFor(person(["class-teacher", "staff"]))[0];
    expect(earlyYears?.screens.map((s) => s.href)).toEqual(["/console/early-years"]);
  });

  it("gives the headteacher the declaration but not the password tools; plain staff nothing", () => {
    const head = sectionsFor(person(["headteacher", "staff"]));
    expect(head.map((s) => s.label)).not.toContain("Password tools");
    expect(head.flatMap((s) => s.screens.map((x) => x.href))).toContain("/console/early-years/declaration");
    expect(labels(["staff"])).toEqual([]);
    expect(labels(["pupil"])).toEqual([]);
  });

  it("never shows a screen whose actions the person may not do", () => {
    const roles: Role[][] = [
      ["site-admin"],
      ["headteacher"],
      ["nominated-contact"],
      ["class-teacher"],
      ["staff"],
    ];
    for (const r of roles) {
      const p = person(r);
      for (const screen of sectionsFor(p).flatMap((s) => s.screens)) {
        const allowed =
          (!screen.actions && !screen.roles) ||
          (screen.actions ?? []).some((a) => can(p, a)) ||
          (screen.roles ?? []).some((role) => r.includes(role));
        expect(allowed, `${r.join()} → ${screen.href}`).toBe(true);
      }
    }
  });

  it("hides what basic access withholds: a site admin without two factors sees no admin section", () => {
    // Withheld roles are not in `roles` (authenticate removes them), so the bar follows the session's real access.
    expect(labels(["staff"])).toEqual(sectionsFor(person(["staff"], ["site-admin"])).map((s) => s.label));
  });
});

describe("the console's bar", () => {
  it("marks the section of the current page, and the account for the security keys", () => {
    const admin = person(["site-admin"]);
    const current = (path: string) =>
      consoleNav(admin, path)
        .filter((l) => l.current)
        .map((l) => l.label);
    expect(current("/console")).toEqual(["Home"]);
    expect(current("/console/password-tools/unclaimed")).toEqual(["Password tools"]);
    expect(current("/console/users/abc")).toEqual(["Users"]);
    expect(current("/security-keys")).toEqual(["Your account"]);
    expect(current("/account/password")).toEqual(["Your account"]);
    expect(current("/elsewhere")).toEqual([]);
  });

  it("starts with home and ends with the person's account, whatever their roles", () => {
    const links = consoleNav(person(["pupil"]), "/console");
    expect(links.map((l) => l.href)).toEqual(["/console", "/account"]);
  });
});
