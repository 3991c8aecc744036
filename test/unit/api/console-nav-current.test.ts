import { describe, expect, it } from "vitest";
import { consoleNav } from "../../../lib/api/console/nav.js";
import type { Principal } from "../../../lib/domain/permissions.js";

const admin = {
  kind: "user",
  tenantId: "school-1",
  userId: "u1",
  roles: ["site-admin", "staff"],
} as unknown as Extract<Principal, { kind: "user" }>;

const currentOn = (path: string) =>
  consoleNav(admin, path)
    .filter((l) => l.current)
    .map((l) => l.label);

describe("the console bar's current section", () => {
  it("is the section whose screen the page is, even when the screen lives outside the section's address", () => {
    expect(currentOn("/console/layouts")).toEqual(["Preferences"]);
    expect(currentOn("/console/layouts/PINCODE_EMAIL_BODY")).toEqual(["Preferences"]);
    expect(currentOn("/console/preferences")).toEqual(["Preferences"]);
    expect(currentOn("/console/emails")).toEqual(["Audit and emails"]);
    expect(currentOn("/console/users/abc/pin-code")).toEqual(["Users"]);
    expect(currentOn("/console")).toEqual(["Home"]);
    expect(currentOn("/security-keys")).toEqual(["Your account"]);
    expect(currentOn("/console/api-keys")).toEqual(["Audit and emails"]);
    expect(currentOn("/console/users/u2/security")).toEqual(["Users"]);
    expect(currentOn("/account/schools")).toEqual(["Your account"]);
    expect(currentOn("/console/jobs/j1")).toEqual([]);
  });
});
