import { describe, expect, it } from "vitest";
import {
  groupView,
  pageView,
  sessionView,
  tenantView,
  userDetailView,
  userView,
} from "../../../lib/api/views.js";
import { defaultTenantPreferences, type Group, type Tenant, type User } from "../../../lib/domain/model.js";

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

describe("userView", () => {
  it("shows the user without the storage version and without echoing the tenant id", () => {
    const view = userView(user);
    expect(view).not.toHaveProperty("version");
    expect(view).not.toHaveProperty("tenantId");
    expect(view).toMatchObject({ userId: "u1", username: "ava.khan", roles: ["pupil"] });
  });

  it("keeps the groups and classes of a user's detail, and pages users through the same view", () => {
    const detail = userDetailView({ ...user, memberOf: ["g1"], teaches: [] });
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
