import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  sentEmails,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** Gives users the "sso" profile (an SSO account needs an email and it). */
async function makeSso(tenantId: string, ...userIds: string[]) {
  const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
  try {
    for (const userId of userIds) {
      await db.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.user(tenantId, userId),
          UpdateExpression: "SET profiles = :p",
          ExpressionAttributeValues: { ":p": ["sso"] },
        }),
      );
    }
  } finally {
    db.destroy();
  }
}

/** A school with a site admin, a headteacher and a teacher (all SSO accounts with verified emails). */
async function school() {
  const tenant = await createTestTenant(runtime);
  const t = tenant.tenantId;
  const head = await addUser(runtime, t, "head", ["headteacher", "staff"], `head@${t}.example`);
  const teacher = await addUser(runtime, t, "teacher", ["class-teacher", "staff"], `teacher@${t}.example`);
  await makeSso(t, tenant.admin.userId, head.userId, teacher.userId);
  const signIn = async (username: string, password = staffPassword) =>
    api("POST", "/v1/sessions", { json: { tenantId: t, username, password } });
  const adminToken = (await signIn("admin")).body.token as string;
  return { ...tenant, head, teacher, signIn, adminToken, teacherEmail: `teacher@${t}.example` };
}

const routes = {
  reset: (userId: string) => ["POST", `/v1/users/${userId}/temporary-password`] as const,
  reveal: (userId: string) => ["POST", `/v1/users/${userId}/temporary-password/reveal`] as const,
  sso: (userId: string) => ["POST", `/v1/users/${userId}/sso-pin/reset`] as const,
  pinCode: (userId: string) => ["POST", `/v1/users/${userId}/pin-code`] as const,
};

describe("admin resets need re-authentication", () => {
  it("refuses a reset, reveal, SSO PIN reset or PIN code without the admin's password (400/422) or with a wrong one (401), changing nothing", async () => {
    const s = await school();
    // Reset and reveal are for signed-in admins only, so the password is part of their contract (400); the SSO PIN
    // reset and PIN codes, which API keys may also use, ask a signed-in user for it (422).
    const missingStatus = { reset: 400, reveal: 400, sso: 422, pinCode: 422 };
    for (const [name, route] of Object.entries(routes)) {
      const [method, path] = route(s.teacher.userId);
      const missing = await api(method, path, { token: s.adminToken, json: {} });
      expect(missing.status, path).toBe(missingStatus[name as keyof typeof routes]);
      expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: "/password" })]);
      const wrong = await api(method, path, {
        token: s.adminToken,
        json: { password: "not my password at all" },
      });
      expect(wrong.status, path).toBe(401);
    }
    // Nothing changed: the teacher still signs in with their password; no PIN code, no SSO reset.
    expect((await s.signIn("teacher")).status).toBe(201);
    const teacher = await api("GET", `/v1/users/${s.teacher.userId}`, { apiKey: s.apiKey });
    expect(teacher.body.pinCode).toBeUndefined();
    expect(await runtime.deps().ssoPins.get(s.tenantId, s.teacher.userId)).toBeUndefined();
  });

  it("resets a user's password with the admin's password: the user's sessions end and they are told by email", async () => {
    const s = await school();
    const teacherToken = (await s.signIn("teacher")).body.token as string;
    expect((await api("GET", "/v1/me", { token: teacherToken })).status).toBe(200);
    const [method, path] = routes.reset(s.teacher.userId);
    const reset = await api(method, path, { token: s.adminToken, json: { password: staffPassword } });
    expect(reset.status).toBe(201);
    expect((await api("GET", "/v1/me", { token: teacherToken })).status).toBe(401);
    expect((await s.signIn("teacher")).status).toBe(401);
    expect((await s.signIn("teacher", reset.body.password as string)).status).toBe(200);
    const notice = await eventually(async () =>
      (await sentEmails(runtime)).find(
        (e) =>
          (e.destination?.to ?? []).includes(s.teacherEmail) && e.subject.includes("password was changed"),
      ),
    );
    expect(`${notice.body.text}${notice.body.html}`).not.toContain(reset.body.password as string);
  });
});

describe("nobody acts on the credentials of a user with more privilege", () => {
  it("refuses a site admin on the headteacher (403) on every route, changing nothing", async () => {
    const s = await school();
    for (const route of Object.values(routes)) {
      const [method, path] = route(s.head.userId);
      const refused = await api(method, path, { token: s.adminToken, json: { password: staffPassword } });
      expect(refused.status, path).toBe(403);
    }
    expect((await s.signIn("head")).status).toBe(201);
    expect(await runtime.deps().temporaryPasswords.get(s.tenantId, s.head.userId)).toBeUndefined();
    expect(await runtime.deps().ssoPins.get(s.tenantId, s.head.userId)).toBeUndefined();
    expect(
      (await api("GET", `/v1/users/${s.head.userId}`, { apiKey: s.apiKey })).body.pinCode,
    ).toBeUndefined();
  });

  it("lets an API key reset SSO PINs and assign PIN codes of unprivileged users only, and never reset or reveal", async () => {
    const s = await school();
    const key = { apiKey: s.apiKey, json: {} };
    expect((await api(...routes.sso(s.teacher.userId), key)).status).toBe(200);
    expect((await api(...routes.pinCode(s.teacher.userId), key)).status).toBe(200);
    for (const userId of [s.head.userId, s.admin.userId]) {
      expect((await api(...routes.sso(userId), key)).status).toBe(403);
      expect((await api(...routes.pinCode(userId), key)).status).toBe(403);
    }
    expect((await api(...routes.reset(s.teacher.userId), { ...key, json: { password: "x" } })).status).toBe(
      403,
    );
    expect((await api(...routes.reveal(s.teacher.userId), { ...key, json: { password: "x" } })).status).toBe(
      403,
    );
    expect(await runtime.deps().ssoPins.get(s.tenantId, s.admin.userId)).toBeUndefined();
  });
});

describe("bulk regeneration and privileged users", () => {
  it("never gives an unclaimed headteacher or site admin a password its starter could read from the report", async () => {
    const s = await school();
    const imported = await api("POST", "/v1/roster", {
      apiKey: s.apiKey,
      json: {
        groups: [{ externalId: "ALL", name: "Everyone", type: "year-group" }],
        users: ["pupil.a", "new.head", "new.admin"].map((username, i) => ({
          externalId: `U${i}`,
          username,
          forename: username,
          surname: "New",
          userType: i === 0 ? "student" : "staff",
        })),
        memberships: [0, 1, 2].map((i) => ({ groupExternalId: "ALL", userExternalId: `U${i}` })),
      },
    });
    expect(imported.status).toBe(200);
    const deps = runtime.deps();
    const ids = await deps.users.idsByExternalId(s.tenantId, ["U0", "U1", "U2"]);
    const [pupil, head, admin] = ["U0", "U1", "U2"].map((e) => ids.get(e) as string) as [
      string,
      string,
      string,
    ];
    // Made privileged after the import (a roster may not grant these roles).
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    try {
      for (const [userId, role] of [
        [head, "headteacher"],
        [admin, "site-admin"],
      ] as const) {
        await db.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.user(s.tenantId, userId),
            UpdateExpression: "SET #roles = :r",
            ExpressionAttributeNames: { "#roles": "roles" },
            ExpressionAttributeValues: { ":r": [role, "staff"] },
          }),
        );
      }
    } finally {
      db.destroy();
    }
    const group = (await deps.groups.idsByExternalId(s.tenantId, ["ALL"])).get("ALL") as string;
    const preview = await api("POST", "/v1/password-regenerations/preview", {
      token: s.adminToken,
      json: { groupIds: [group] },
    });
    expect(preview.body.users).toBe(1);
    const started = await api("POST", "/v1/password-regenerations", {
      token: s.adminToken,
      json: { groupIds: [group], password: staffPassword },
    });
    expect(started.status).toBe(202);
    await eventually(async () => {
      const job = await api("GET", `/v1/jobs/${started.body.jobId}`, { token: s.adminToken });
      return job.body.status === "completed" ? job.body : undefined;
    });
    expect(await deps.temporaryPasswords.get(s.tenantId, pupil)).toBeDefined();
    expect(await deps.temporaryPasswords.get(s.tenantId, head)).toBeUndefined();
    expect(await deps.temporaryPasswords.get(s.tenantId, admin)).toBeUndefined();
  });
});
