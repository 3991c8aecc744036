import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { normalisePassword } from "../../lib/domain/password-rules.js";
import { addUser, client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;
let tenant: Awaited<ReturnType<typeof createTestTenant>>;
let other: Awaited<ReturnType<typeof createTestTenant>>;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
  tenant = await createTestTenant(runtime);
  other = await createTestTenant(runtime);
});
afterAll(async () => runtime?.stop());

const db = () => documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });

async function signIn(username: string, tenantId = tenant.tenantId): Promise<string> {
  const response = await api<{ token: string }>("POST", "/v1/sessions", {
    json: { tenantId, username, password: staffPassword },
  });
  expect(response.status).toBe(201);
  return response.body.token;
}

const jwtPayload = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8")) as {
    jti: string;
    exp: number;
  };

const teacherRow = (roles: string[]) => ({
  externalId: "T-REMOVED",
  username: "r.teacher",
  forename: "Rae",
  surname: "Teacher",
  userType: "staff",
  roles,
});

describe("access that can be taken away: every request reads the user's current state", () => {
  it("refuses a role removed by the roster (with the API key) on the very next request: roles come from the user item", async () => {
    const imported = await api<{ users: { outcome: string; userId: string }[] }>("POST", "/v1/roster", {
      apiKey: tenant.apiKey,
      json: { users: [teacherRow(["class-teacher", "staff"])] },
    });
    expect(imported.status).toBe(200);
    const deps = runtime.deps();
    const userId = (await deps.users.findByUsername(tenant.tenantId, "r.teacher"))?.userId as string;
    const hash = await deps.hasher.hash(normalisePassword(staffPassword));
    await deps.credentials.setPassword(tenant.tenantId, userId, hash, new Date());
    const token = await signIn("r.teacher");
    expect((await api("GET", "/v1/users", { token })).status).toBe(200);

    const demoted = await api("POST", "/v1/roster", {
      apiKey: tenant.apiKey,
      json: { users: [teacherRow(["staff"])] },
    });
    expect(demoted.status).toBe(200);

    expect((await api("GET", "/v1/users", { token })).status).toBe(403);
    const me = await api<{ roles: string[] }>("GET", "/v1/me", { token });
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(["staff"]);
  });

  it("refuses a disabled user on the very next request (401), whatever the token says", async () => {
    const user = await addUser(runtime, tenant.tenantId, "to.disable", ["site-admin", "staff"]);
    const token = await signIn("to.disable");
    expect((await api("GET", "/v1/tenant", { token })).status).toBe(200);
    await db().send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.user(tenant.tenantId, user.userId),
        UpdateExpression: "SET #status = :disabled",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":disabled": "disabled" },
      }),
    );
    const refused = await api("GET", "/v1/tenant", { token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("DELETE /v1/sessions/current (sign out)", () => {
  it("ends only the session it came with; the record expires with the token", async () => {
    await addUser(runtime, tenant.tenantId, "signs.out", ["staff"]);
    const first = await signIn("signs.out");
    const second = await signIn("signs.out");
    expect((await api("DELETE", "/v1/sessions/current", { token: first })).status).toBe(204);
    expect((await api("GET", "/v1/me", { token: first })).status).toBe(401);
    expect((await api("DELETE", "/v1/sessions/current", { token: first })).status).toBe(401);
    expect((await api("GET", "/v1/me", { token: second })).status).toBe(200);

    const me = await api<{ userId: string }>("GET", "/v1/me", { token: second });
    const { jti, exp } = jwtPayload(first);
    const { Item } = await db().send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.signedOutSession(tenant.tenantId, me.body.userId, jti),
      }),
    );
    expect(Item?.expiresAt).toBe(exp);
  });

  it("signs a session out once when it signs out twice at once: a 204, and a 204 or 401; the token is dead", async () => {
    await addUser(runtime, tenant.tenantId, "double.click", ["staff"]);
    const token = await signIn("double.click");
    const answers = await Promise.all([
      api("DELETE", "/v1/sessions/current", { token }),
      api("DELETE", "/v1/sessions/current", { token }),
    ]);
    // The second may be judged after the first wrote its record: then the session is already gone (401).
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(204);
    expect([204, 401]).toContain(statuses[1]);
    expect((await api("GET", "/v1/me", { token })).status).toBe(401);
  });

  it("is not for an API key (403), which has no session", async () => {
    expect((await api("DELETE", "/v1/sessions/current", { apiKey: tenant.apiKey })).status).toBe(403);
  });
});

describe("POST /v1/users/{userId}/sessions/revoke", () => {
  it("lets a site admin end every session of a user, who can sign in again afterwards", async () => {
    const staff = await addUser(runtime, tenant.tenantId, "lost.phone", ["staff"]);
    const a = await signIn("lost.phone");
    const b = await signIn("lost.phone");
    const admin = await signIn("admin");
    const revoked = await api("POST", `/v1/users/${staff.userId}/sessions/revoke`, { token: admin });
    expect(revoked.status).toBe(204);
    expect((await api("GET", "/v1/me", { token: a })).status).toBe(401);
    expect((await api("GET", "/v1/me", { token: b })).status).toBe(401);
    expect((await api("GET", "/v1/me", { token: admin })).status).toBe(200);
    const events = await api<{ items: { action: string; actor: string }[] }>(
      "GET",
      `/v1/users/${staff.userId}/events`,
      { token: admin },
    );
    expect(events.body.items).toContainEqual(
      expect.objectContaining({ action: "sessions.revoked", actor: `user:${tenant.admin.userId}` }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect((await api("GET", "/v1/me", { token: await signIn("lost.phone") })).status).toBe(200);
  });

  it("ends the sessions once when two admins revoke them at once: both 204, the user's token is dead", async () => {
    const staff = await addUser(runtime, tenant.tenantId, "two.admins", ["staff"]);
    const token = await signIn("two.admins");
    const admin = await signIn("admin");
    const answers = await Promise.all([
      api("POST", `/v1/users/${staff.userId}/sessions/revoke`, { token: admin }),
      api("POST", `/v1/users/${staff.userId}/sessions/revoke`, { token: admin }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([204, 204]);
    expect((await api("GET", "/v1/me", { token })).status).toBe(401);
  });

  it("refuses an API key (403) and a user without sessions:revoke (403), changing nothing", async () => {
    const staff = await addUser(runtime, tenant.tenantId, "kept.on", ["staff"]);
    await addUser(runtime, tenant.tenantId, "plain.teacher", ["class-teacher", "staff"]);
    const token = await signIn("kept.on");
    const path = `/v1/users/${staff.userId}/sessions/revoke`;
    expect((await api("POST", path, { apiKey: tenant.apiKey })).status).toBe(403);
    expect((await api("POST", path, { token: await signIn("plain.teacher") })).status).toBe(403);
    expect((await api("GET", "/v1/me", { token })).status).toBe(200);
  });

  it("never acts on a user with more privilege than the caller: a site admin cannot sign the headteacher out", async () => {
    // As in the demo school, the headteacher is also a site admin: every action of the admin's roles is theirs too.
    const head = await addUser(runtime, tenant.tenantId, "the.head", ["headteacher", "site-admin", "staff"]);
    const headToken = await signIn("the.head");
    const admin = await signIn("admin");
    const refused = await api("POST", `/v1/users/${head.userId}/sessions/revoke`, { token: admin });
    expect(refused.status).toBe(403);
    expect((await api("GET", "/v1/me", { token: headToken })).status).toBe(200);
    // The headteacher may end a site admin's sessions.
    expect(
      (await api("POST", `/v1/users/${tenant.admin.userId}/sessions/revoke`, { token: headToken })).status,
    ).toBe(204);
    expect((await api("GET", "/v1/me", { token: admin })).status).toBe(401);
  });

  it("answers 404 for another tenant's user, and their sessions go on", async () => {
    const theirToken = await signIn("admin", other.tenantId);
    const admin = await signIn("admin");
    const response = await api("POST", `/v1/users/${other.admin.userId}/sessions/revoke`, { token: admin });
    expect(response.status).toBe(404);
    expect((await api("GET", "/v1/me", { token: theirToken })).status).toBe(200);
  });
});
