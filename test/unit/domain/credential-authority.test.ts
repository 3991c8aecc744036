import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../lib/domain/errors.js";
import type { Role } from "../../../lib/domain/model.js";
import {
  authorizeCredentialAction,
  mayActOnCredentialsOf,
  type Principal,
} from "../../../lib/domain/permissions.js";
import { holdsPrivilegedRole } from "../../../lib/domain/roles.js";

const apiKey: Principal = { kind: "api-key", tenantId: "acme", keyId: "k1" };
const actor = (...roles: Role[]): Principal => ({ kind: "user", tenantId: "acme", userId: "actor", roles });
const target = (...roles: Role[]) => ({ userId: "target", roles });

describe("mayActOnCredentialsOf (nobody acts on a user with more privilege than their own)", () => {
  it("refuses a site admin on the headteacher, who may accept the early-years declaration", () => {
    expect(mayActOnCredentialsOf(actor("site-admin", "staff"), target("headteacher", "staff"))).toBe(false);
    expect(() => authorizeCredentialAction(actor("site-admin"), target("headteacher"))).toThrow(
      ForbiddenError,
    );
  });

  it("lets a site admin act on staff, pupils, class teachers, nominated contacts and other site admins", () => {
    const admin = actor("site-admin", "staff");
    for (const roles of [
      ["staff"],
      ["pupil"],
      ["class-teacher", "staff"],
      ["nominated-contact"],
      ["site-admin"],
      [],
    ]) {
      expect(mayActOnCredentialsOf(admin, target(...(roles as Role[])))).toBe(true);
    }
  });

  it("refuses anyone on a user who holds a role they lack the grants of", () => {
    expect(mayActOnCredentialsOf(actor("headteacher"), target("site-admin"))).toBe(false);
    expect(mayActOnCredentialsOf(actor("class-teacher"), target("nominated-contact"))).toBe(false);
    expect(mayActOnCredentialsOf(actor("site-admin"), target("site-admin", "headteacher"))).toBe(false);
  });

  it("lets someone holding both roles act on the headteacher", () => {
    expect(mayActOnCredentialsOf(actor("site-admin", "headteacher"), target("headteacher"))).toBe(true);
  });

  it("lets users act on themselves", () => {
    const self: Principal = { kind: "user", tenantId: "acme", userId: "me", roles: ["staff"] };
    expect(mayActOnCredentialsOf(self, { userId: "me", roles: ["staff"] })).toBe(true);
  });

  it("lets an API key act on unprivileged users only", () => {
    expect(mayActOnCredentialsOf(apiKey, target("staff"))).toBe(true);
    expect(mayActOnCredentialsOf(apiKey, target("pupil"))).toBe(true);
    expect(mayActOnCredentialsOf(apiKey, target("class-teacher", "staff"))).toBe(true);
    for (const role of ["site-admin", "headteacher", "nominated-contact"] as Role[]) {
      expect(mayActOnCredentialsOf(apiKey, target("staff", role))).toBe(false);
    }
  });
});

describe("holdsPrivilegedRole", () => {
  it("names administering roles and roles that read secrets, not teachers, staff or pupils", () => {
    expect(holdsPrivilegedRole(["site-admin"])).toBe(true);
    expect(holdsPrivilegedRole(["headteacher"])).toBe(true);
    expect(holdsPrivilegedRole(["nominated-contact"])).toBe(true);
    expect(holdsPrivilegedRole(["class-teacher", "staff", "pupil"])).toBe(false);
    expect(holdsPrivilegedRole([])).toBe(false);
  });
});
