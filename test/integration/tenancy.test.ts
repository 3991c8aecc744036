import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import {
  addUser,
  client,
  createTestTenant,
  staffPassword,
  startTestRuntime,
  verifyEmails,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

describe("tenant isolation", () => {
  it("answers 404 for another tenant's ids and writes nothing there", async () => {
    const a = await createTestTenant(runtime);
    const b = await createTestTenant(runtime);
    const roster = {
      groups: [{ externalId: "G1", name: "Class 1", type: "class" }],
      users: [
        { externalId: "P1", username: "pupil.one", forename: "Pat", surname: "One", userType: "student" },
      ],
      memberships: [{ groupExternalId: "G1", userExternalId: "P1" }],
    };
    expect((await api("POST", "/v1/roster", { apiKey: a.apiKey, json: roster })).status).toBe(200);
    const aUser = (
      await api<{ items: { userId: string }[] }>("GET", "/v1/users?search=pupil.one", { apiKey: a.apiKey })
    ).body.items[0];
    const aGroup = (await api<{ items: { groupId: string }[] }>("GET", "/v1/groups", { apiKey: a.apiKey }))
      .body.items[0];

    const bToken = (
      await api("POST", "/v1/sessions", {
        json: { tenantId: b.tenantId, username: "admin", password: staffPassword },
      })
    ).body.token as string;
    for (const credentials of [{ apiKey: b.apiKey }, { token: bToken }]) {
      const user = await api("GET", `/v1/users/${aUser?.userId}`, credentials);
      expect(user.status).toBe(404);
      expect(user.body.type).toBe("urn:latchkey:problem:not-found");
      expect((await api("GET", `/v1/groups/${aGroup?.groupId}/members`, credentials)).status).toBe(404);
      expect(
        (await api<{ items: unknown[] }>("GET", "/v1/users?search=pupil", credentials)).body.items,
      ).toEqual([]);
    }

    // B importing the same external ids creates B's own records; A's stay as they were.
    const bImport = await api("POST", "/v1/roster", { apiKey: b.apiKey, json: roster });
    expect(bImport.body).toMatchObject({ created: 3, updated: 0 });
    const aAgain = await api("GET", `/v1/users/${aUser?.userId}`, { apiKey: a.apiKey });
    expect(aAgain.body).toMatchObject({ username: "pupil.one" });
    // The stored record is A's and unchanged (the API shows neither the tenant id nor the version: issue #6).
    expect(await runtime.deps().users.get(a.tenantId, aUser?.userId as string)).toMatchObject({
      username: "pupil.one",
      tenantId: a.tenantId,
      version: 1,
    });
    expect(aAgain.body).not.toHaveProperty("version");

    // A's admin credentials do not sign in to B.
    const crossed = await api("POST", "/v1/sessions", {
      json: { tenantId: b.tenantId, username: "pupil.one", password: staffPassword },
    });
    expect(crossed.status).toBe(401);
  });

  it("links one email to accounts in several tenants as one global identity", async () => {
    const a = await createTestTenant(runtime);
    const b = await createTestTenant(runtime);
    const teacher = (externalId: string) => ({
      users: [
        {
          externalId,
          username: "j.rivers",
          forename: "Jo",
          surname: "Rivers",
          email: "Jo.Rivers@Trust.example",
          emailVerified: true,
          userType: "staff",
        },
      ],
    });
    await api("POST", "/v1/roster", { apiKey: a.apiKey, json: teacher("S-1") });
    await api("POST", "/v1/roster", { apiKey: b.apiKey, json: teacher("T-77") });
    const links = await runtime.deps().users.identityLinks(" jo.rivers@trust.EXAMPLE ");
    expect(links.map((l) => l.tenantId).sort()).toEqual([a.tenantId, b.tenantId].sort());
    // A roster never verifies an address (its rows say emailVerified: true); the person proving it by a link does.
    expect(links.some((l) => l.verified)).toBe(false);
    await verifyEmails(runtime, a.tenantId, ["S-1"]);
    await verifyEmails(runtime, b.tenantId, ["T-77"]);
    expect(
      (await runtime.deps().users.identityLinks("jo.rivers@trust.example")).every((l) => l.verified),
    ).toBe(true);

    // A new address moves the link; the old address no longer leads to this account.
    await api("POST", "/v1/roster", {
      apiKey: a.apiKey,
      json: { users: [{ ...teacher("S-1").users[0], email: "jo@school-a.example" }] },
    });
    expect(
      (await runtime.deps().users.identityLinks("jo.rivers@trust.example")).map((l) => l.tenantId),
    ).toEqual([b.tenantId]);
  });
});

describe("tenant settings", () => {
  it("lets a site admin change preferences and refuses a staff member", async () => {
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const token = (
      await api("POST", "/v1/sessions", { json: { tenantId, username: "admin", password: staffPassword } })
    ).body.token as string;
    const changed = await api("PATCH", "/v1/tenant", {
      token,
      json: { environmentName: "Riverside", preferences: { allowPasswordResetByEmail: true } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      environmentName: "Riverside",
      preferences: { allowPasswordResetByEmail: true, pinCodeLogin: "off" },
    });
    const invalid = await api("PATCH", "/v1/tenant", {
      apiKey,
      json: { preferences: { pinCodeLogin: "sometimes" } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ pointer: "/preferences/pinCodeLogin" })]);

    await addUser(runtime, tenantId, "office", ["staff"]);
    const staffToken = (
      await api("POST", "/v1/sessions", { json: { tenantId, username: "office", password: staffPassword } })
    ).body.token as string;
    expect((await api("GET", "/v1/tenant", { token: staffToken })).body).toMatchObject({
      environmentName: "Riverside",
    });
    expect((await api("PATCH", "/v1/tenant", { token: staffToken, json: { name: "Mine now" } })).status).toBe(
      403,
    );
  });
});
