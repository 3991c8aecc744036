import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../lib/domain/errors.js";
import { type Role, roles } from "../../../lib/domain/model.js";
import {
  type Action,
  actorOf,
  assertMayReadSecrets,
  authorize,
  can,
  mayReadPinSlips,
  type Principal,
} from "../../../lib/domain/permissions.js";
import { isPrivilegedRole } from "../../../lib/domain/roles.js";

const actions: Action[] = [
  "tenant:read",
  "tenant:update",
  "roster:import",
  "jobs:read",
  "groups:read",
  "users:read",
];

const apiKey: Principal = { kind: "api-key", tenantId: "acme", keyId: "k1" };
const userWith = (...roles: Role[]): Principal => ({ kind: "user", tenantId: "acme", userId: "u1", roles });

/**
 * Expected grants: API keys are system integrations acting for the whole tenant; site admins administer
 * everything; nominated contacts oversee but do not change settings or import; class teachers see the
 * directory; staff only see the tenant; pupils administer nothing.
 */
const matrix: [string, Principal, Action[]][] = [
  ["api-key", apiKey, actions],
  ["site-admin", userWith("site-admin"), actions],
  [
    "nominated-contact",
    userWith("nominated-contact"),
    ["tenant:read", "jobs:read", "groups:read", "users:read"],
  ],
  ["class-teacher", userWith("class-teacher"), ["tenant:read", "groups:read", "users:read"]],
  ["staff", userWith("staff"), ["tenant:read"]],
  ["pupil", userWith("pupil"), []],
  ["a user with no roles", userWith(), []],
];

describe("can", () => {
  for (const [who, principal, allowed] of matrix) {
    for (const action of actions) {
      const expected = allowed.includes(action);
      it(`${expected ? "allows" : "refuses"} ${action} when the caller is ${who}`, () => {
        expect(can(principal, action)).toBe(expected);
      });
    }
  }

  it("allows the union of grants when a user holds several roles", () => {
    const both = userWith("staff", "nominated-contact");
    expect(can(both, "jobs:read")).toBe(true);
    expect(can(both, "roster:import")).toBe(false);
    expect(can(userWith("pupil", "site-admin"), "tenant:update")).toBe(true);
  });
});

describe("authorize", () => {
  it("returns when the principal may act", () => {
    expect(() => authorize(userWith("site-admin"), "roster:import")).not.toThrow();
  });

  it("throws a ForbiddenError naming the action when the principal may not act", () => {
    expect(() => authorize(userWith("class-teacher"), "roster:import")).toThrow(ForbiddenError);
    expect(() => authorize(userWith("pupil"), "tenant:update")).toThrow("Not allowed to tenant update");
  });
});

describe("actorOf", () => {
  it("names the key when the principal is an API key", () => {
    expect(actorOf(apiKey)).toBe("api-key:k1");
  });

  it("names the user when the principal is a user", () => {
    expect(actorOf({ kind: "user", tenantId: "acme", userId: "u-42", roles: [] })).toBe("user:u-42");
  });
});

describe("taking access away: sessions and API keys", () => {
  it("lets site admins and the headteacher end sessions, never an API key or other roles", () => {
    expect(can(userWith("site-admin"), "sessions:revoke")).toBe(true);
    expect(can(userWith("headteacher"), "sessions:revoke")).toBe(true);
    expect(can(userWith("nominated-contact", "class-teacher", "staff"), "sessions:revoke")).toBe(false);
    expect(can(apiKey, "sessions:revoke")).toBe(false);
  });

  it("lets only a signed-in site admin manage API keys: a key never manages keys", () => {
    expect(can(userWith("site-admin"), "api-keys:manage")).toBe(true);
    expect(can(userWith("headteacher", "nominated-contact"), "api-keys:manage")).toBe(false);
    expect(can(apiKey, "api-keys:manage")).toBe(false);
  });
});

describe("assertMayReadSecrets", () => {
  it("refuses an API key whatever it may otherwise do", () => {
    expect(() => assertMayReadSecrets(apiKey)).toThrow(ForbiddenError);
  });

  it("lets a signed-in person through (their role is checked separately)", () => {
    expect(() => assertMayReadSecrets(userWith("staff"))).not.toThrow();
  });
});

describe("mayReadPinSlips", () => {
  const teacher = { kind: "user", tenantId: "acme", userId: "u-1", roles: ["class-teacher"] } as const;

  it("lets the person who started the job, a nominated contact or the headteacher print the slips", () => {
    expect(mayReadPinSlips(teacher, "user:u-1")).toBe(true);
    expect(mayReadPinSlips(userWith("nominated-contact"), "api-key:k1")).toBe(true);
    expect(mayReadPinSlips(userWith("headteacher"), "system")).toBe(true);
  });

  it("never lets an API key read them, not even the key that started the job", () => {
    expect(mayReadPinSlips(apiKey, "api-key:k1")).toBe(false);
  });

  it("gives a job started by a key or the system no creator who may read it", () => {
    expect(mayReadPinSlips(teacher, "user:u-2")).toBe(false);
    expect(mayReadPinSlips(userWith("site-admin"), "api-key:k1")).toBe(false);
    expect(mayReadPinSlips(userWith("class-teacher"), "system")).toBe(false);
  });
});

describe("privileged roles", () => {
  it("include every role that may read a secret, administer the tenant or accept the declaration", () => {
    const powerful: Action[] = ["passwords:reveal", "passwords:read", "tenant:update", "early-years:declare"];
    for (const role of roles) {
      if (powerful.some((action) => can(userWith(role), action))) expect(isPrivilegedRole(role)).toBe(true);
    }
    expect(roles.filter(isPrivilegedRole)).toEqual(["site-admin", "headteacher", "nominated-contact"]);
  });
});
