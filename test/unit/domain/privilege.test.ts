import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../lib/domain/errors.js";
import { assertMayActOn, mayActOn, privilegeOf } from "../../../lib/domain/privilege.js";

describe("privilege: never over someone with more privilege than yourself", () => {
  it("ranks the headteacher above the site admin, above the nominated contact, class teachers and everyone else", () => {
    expect(privilegeOf(["headteacher"])).toBeGreaterThan(privilegeOf(["site-admin", "staff"]));
    expect(privilegeOf(["site-admin"])).toBeGreaterThan(privilegeOf(["nominated-contact"]));
    expect(privilegeOf(["nominated-contact"])).toBeGreaterThan(privilegeOf(["class-teacher"]));
    expect(privilegeOf(["class-teacher"])).toBeGreaterThan(privilegeOf(["staff"]));
    expect(privilegeOf([])).toBe(privilegeOf(["pupil"]));
  });

  it("takes the most privileged role of a set", () => {
    expect(privilegeOf(["staff", "headteacher"])).toBe(privilegeOf(["headteacher"]));
  });

  it("lets a site admin act on staff and another site admin, never on the headteacher", () => {
    expect(mayActOn(["site-admin", "staff"], ["staff"])).toBe(true);
    expect(mayActOn(["site-admin"], ["site-admin", "staff"])).toBe(true);
    expect(mayActOn(["site-admin"], ["headteacher", "staff"])).toBe(false);
    expect(mayActOn(["headteacher"], ["site-admin"])).toBe(true);
    expect(() => assertMayActOn(["site-admin"], ["headteacher"])).toThrow(ForbiddenError);
  });
});
