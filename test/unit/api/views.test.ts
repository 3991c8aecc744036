import { describe, expect, it } from "vitest";
import {
  groupView,
  pageView,
  sessionView,
  tenantView,
  userDetailView,
  userView,
} from "../../../lib/api/views.js";
import {
  defaultTenantPreferences,
  type Group,
  type Role,
  type Tenant,
  type User,
} from "../../../lib/domain/model.js";
import type { Principal } from "../../../lib/domain/permissions.js";

const user: User = {
  tenantId: "school-1",
  userId: "u1",
  externalId: "MIS-1",
  username: "ava.khan",
  forename: "Ava",
  surname: "Khan",
  emailVerified: false,
  userType: "student",
  roles: ["pupil"],
  permissions: [],
  profiles: [],
  companyExceptions: [],
  status: "active",
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 3,
};

const siteAdmin: Principal = { kind: "user", tenantId: "school-1", userId: "a1", roles: ["site-admin"] };

describe("userView", () => {
  it("shows the user without the storage version and without echoing the tenant id", () => {
    const view = userView(user);
    expect(view).not.toHaveProperty("version");
    expect(view).not.toHaveProperty("tenantId");
    expect(view).toMatchObject({ userId: "u1", username: "ava.khan", roles: ["pupil"] });
  });

  it("keeps the groups and classes of a user's detail, and pages users through the same view", () => {
    const detail = userDetailView({ ...user, memberOf: ["g1"], teaches: [] }, siteAdmin);
    expect(detail).toMatchObject({ username: "ava.khan", memberOf: ["g1"], teaches: [] });
    expect(detail).not.toHaveProperty("version");
    const page = pageView({ items: [user], cursor: "next" }, userView);
    expect(page.cursor).toBe("next");
    expect(page.items[0]).not.toHaveProperty("tenantId");
  });

  it("shapes the user of a new session", () => {
    const session = sessionView({ token: "t", expiresAt: new Date("2025-01-01T01:00:00.000Z"), user });
    expect(session).toMatchObject({ tokenType: "Bearer", expiresAt: "2025-01-01T01:00:00.000Z" });
    expect(session.user).not.toHaveProperty("version");
  });
});

describe("userView and dates of birth", () => {
  const born = { ...user, dateOfBirth: "2021-03-14" };
  const viewer = (roles: Role[]): Principal => ({
    kind: "user",
    tenantId: "school-1",
    userId: "viewer",
    roles,
  });

  it("shows the full date to site admins, API keys and the user themselves", () => {
    expect(userView(born, siteAdmin).dateOfBirth).toBe("2021-03-14");
    expect(userView(born, { kind: "api-key", tenantId: "school-1", keyId: "k" }).dateOfBirth).toBe(
      "2021-03-14",
    );
    const self: Principal = { kind: "user", tenantId: "school-1", userId: "u1", roles: ["pupil"] };
    expect(userView(born, self).dateOfBirth).toBe("2021-03-14");
    expect(sessionView({ token: "t", expiresAt: new Date(0), user: born }).user.dateOfBirth).toBe(
      "2021-03-14",
    );
  });

  it("shows only the day of the month to class teachers, nominated contacts and headteachers", () => {
    for (const roles of [["class-teacher"], ["nominated-contact"], ["headteacher"], ["staff"]] as const) {
      const view = userView(born, viewer([...roles]));
      expect(view).not.toHaveProperty("dateOfBirth");
      expect(view.dayOfBirth).toBe("14");
    }
    expect(userView(born)).not.toHaveProperty("dateOfBirth");
  });
});

describe("tenantView and groupView", () => {
  it("show the tenant's settings, not state other endpoints own", () => {
    const tenant: Tenant = {
      tenantId: "school-1",
      name: "School",
      preferences: defaultTenantPreferences,
      passwordPolicies: {},
      hasClassTeacherLinks: true,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    };
    const view = tenantView(tenant);
    expect(view).toMatchObject({
      tenantId: "school-1",
      name: "School",
      preferences: defaultTenantPreferences,
    });
    expect(view).not.toHaveProperty("passwordPolicies");
    expect(view).not.toHaveProperty("hasClassTeacherLinks");
  });

  it("show a group without its tenant id", () => {
    const group: Group = {
      tenantId: "school-1",
      groupId: "g1",
      name: "Robins",
      type: "class",
      memberCount: 12,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    };
    expect(groupView(group)).toEqual({
      groupId: "g1",
      name: "Robins",
      type: "class",
      memberCount: 12,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    });
  });

  it("show a tenant stored before a preference existed as stored, instead of failing the request", () => {
    // Tenants created before SSO PINs have no stepUpActions; the use cases fall back to the default.
    const older = {
      tenantId: "school-1",
      name: "School",
      preferences: { pinCodeLogin: "off", allowPasswordResetByEmail: false },
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      version: 4,
    } as unknown as Tenant;
    expect(tenantView(older)).toEqual({
      tenantId: "school-1",
      name: "School",
      preferences: { pinCodeLogin: "off", allowPasswordResetByEmail: false },
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
    });
  });
});

describe("userView of a claimed user", () => {
  it("shows when the user set their own password", () => {
    const claimed = { ...user, claimedAt: "2025-02-01T00:00:00.000Z" };
    expect(userView(claimed)).toMatchObject({ claimedAt: "2025-02-01T00:00:00.000Z" });
  });
});
