import { describe, expect, it } from "vitest";
import {
  fieldsOf,
  parsePreferences,
  preferencesPage,
  problemsOf,
  timeZoneChoices,
} from "../../../lib/api/console/preferences.js";
import { defaultTenantPreferences, type Tenant } from "../../../lib/domain/model.js";

const tenant: Tenant = {
  tenantId: "school-1",
  name: "Hill School",
  environmentName: "Live",
  timeZone: "Europe/London",
  preferences: { ...defaultTenantPreferences, twoFactorRoles: ["site-admin"] },
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
} as Tenant;

describe("the preferences form", () => {
  it("reads the saved tenant back as the same change (round trip)", () => {
    const { patch, problems } = parsePreferences(fieldsOf(tenant));
    expect(problems).toEqual({});
    expect(patch).toEqual({
      environmentName: "Live",
      timeZone: "Europe/London",
      preferences: {
        pinCodeLogin: tenant.preferences.pinCodeLogin,
        allowPasswordResetByEmail: tenant.preferences.allowPasswordResetByEmail,
        stepUpActions: tenant.preferences.stepUpActions,
        twoFactorRoles: ["site-admin"],
      },
    });
  });

  it("leaves an empty environment name or sender as it is, and splits step-up actions by line, comma or space", () => {
    const { patch } = parsePreferences({
      pinCodeLogin: "off",
      environmentName: "  ",
      senderAddress: "",
      stepUpActions: "sign_in, delete_student\n\nremove_projector_mode",
    });
    expect(patch).not.toHaveProperty("environmentName");
    expect(patch).not.toHaveProperty("senderAddress");
    expect(patch?.preferences?.stepUpActions).toEqual(["sign_in", "delete_student", "remove_projector_mode"]);
    expect(patch?.preferences?.allowPasswordResetByEmail).toBe(false);
    expect(patch?.preferences?.twoFactorRoles).toEqual([]);
  });

  it("names each refused field with the API's own rules", () => {
    const { patch, problems } = parsePreferences({
      pinCodeLogin: "sometimes",
      senderAddress: "not an address",
      timeZone: "Mars/Olympus",
      stepUpActions: "Delete Student",
    });
    expect(patch).toBeUndefined();
    expect(Object.keys(problems).sort()).toEqual([
      "pinCodeLogin",
      "senderAddress",
      "stepUpActions",
      "timeZone",
    ]);
    expect(problems.pinCodeLogin).toEqual(["choose one of the login options"]);
    expect(problems.timeZone?.[0]).toContain("IANA time zone");
  });

  it("maps a use case's field errors to the form's fields", () => {
    expect(problemsOf([{ pointer: "/senderAddress", detail: "not here" }], "x")).toEqual({
      senderAddress: ["not here"],
    });
    expect(problemsOf([], "Refused")).toEqual({ form: ["Refused"] });
  });

  it("offers the IANA zones with Europe/London first", () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe("Europe/London");
    expect(zones).toContain("America/New_York");
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("shows the form only to who may change it, with every control labelled, and escapes what was typed", () => {
    const form = preferencesPage({
      tenant,
      senderDomains: ["school.example"],
      timeZones: ["Europe/London"],
      canUpdate: true,
      csrf: "t",
      fields: { ...fieldsOf(tenant), environmentName: '<script>"x"' },
      problems: { environmentName: ["must be plain"] },
    }).value;
    expect(form).toContain("&lt;script&gt;&quot;x&quot;");
    expect(form).toContain("Must be an address on school.example");
    expect(form).toContain('<a href="#environmentName">Environment name</a>: must be plain');
    for (const id of ["environmentName", "senderAddress", "timeZone", "stepUpActions"]) {
      expect(form).toContain(`for="${id}">`);
    }
    const readOnly = preferencesPage({
      tenant,
      senderDomains: [],
      timeZones: [],
      canUpdate: false,
      csrf: "t",
    }).value;
    expect(readOnly).not.toContain("<form");
    expect(readOnly).toContain("<dd>site-admin</dd>");
  });
});
