import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

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
    expect(aAgain.body).toMatchObject({ username: "pupil.one", tenantId: a.tenantId, version: 1 });

    // A's admin credentials do not sign in to B.
    const crossed = await api("POST", "/v1/sessions", {
      json: { tenantId: b.tenantId, username: "pupil.one", password: staffPassword },
    });
    expect(crossed.status).toBe(401);
  });
});
