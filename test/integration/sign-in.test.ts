import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import { failedSignInFloorMs } from "../../lib/app/sessions/sign-in.js";
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
let tenantId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
  ({ tenantId } = await createTestTenant(runtime));
});
afterAll(async () => runtime?.stop());

const signIn = (username: string, password: string, tenant = tenantId) =>
  api("POST", "/v1/sessions", { json: { tenantId: tenant, username, password } });
const withoutInstance = (body: Record<string, unknown>) => ({ ...body, instance: undefined });

describe("sign-in", () => {
  it("issues a session whose token reaches /v1/me with the user's roles", async () => {
    const session = await signIn("ADMIN", staffPassword);
    expect(session.status).toBe(201);
    expect(session.body).toMatchObject({
      tokenType: "Bearer",
      user: { username: "admin", roles: ["site-admin", "staff"] },
    });
    expect(Date.parse(session.body.expiresAt as string)).toBeGreaterThan(Date.now());
    const me = await api("GET", "/v1/me", { token: session.body.token as string });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: "admin", roles: ["site-admin", "staff"] });
    // The caller's own tenant is not echoed, nor the record's version (issue #6: responses shaped by views).
    expect(me.body).not.toHaveProperty("tenantId");
    expect(me.body).not.toHaveProperty("version");
    expect(me.text).not.toContain("hash");
  });

  it("answers unknown tenant, unknown user, wrong password and disabled the same way", async () => {
    const disabled = await addUser(runtime, tenantId, "left.school", ["staff"]);
    const deps = runtime.deps();
    await deps.users.create({
      ...disabled,
      userId: `${disabled.userId}-x`,
      username: "other.left",
      status: "disabled",
    });
    const answers = await Promise.all([
      signIn("admin", staffPassword, "no-such-tenant"),
      signIn("nobody", staffPassword),
      signIn("admin", "not-the-password"),
      signIn("other.left", staffPassword),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(withoutInstance(answer.body)).toEqual(withoutInstance(answers[0]?.body ?? {}));
    }
  });

  it("locks after 5 wrong passwords: the right password is then refused too", async () => {
    await addUser(runtime, tenantId, "locked.out", ["staff"]);
    for (let i = 0; i < 5; i++) expect((await signIn("locked.out", `wrong-${i}-password`)).status).toBe(401);
    expect((await signIn("locked.out", staffPassword)).status).toBe(401);
    const user = await runtime.deps().users.findByUsername(tenantId, "locked.out");
    const credential = await runtime.deps().credentials.getPassword(tenantId, user?.userId ?? "");
    expect(credential?.attempts.lockouts).toBe(1);
    expect(credential?.attempts.lockedUntil).toBeGreaterThan(Date.now() + 50_000);
  });

  it("takes at least the failure floor for an unknown user and for a wrong password alike", async () => {
    for (const [username, password] of [
      ["nobody-here", staffPassword],
      ["admin", "not-the-password"],
    ] as const) {
      const started = performance.now();
      expect((await signIn(username, password)).status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(failedSignInFloorMs - 5);
    }
  });

  it("recovers a credential stranded at the threshold (no lock recorded) once the longest lock has passed", async () => {
    const user = await addUser(runtime, tenantId, "stranded", ["staff"]);
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    await db.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.passwordCredential(tenantId, user.userId),
        UpdateExpression: "SET failures = :five, lastAttemptAt = :at",
        ExpressionAttributeValues: { ":five": 5, ":at": Date.now() - 16 * 60_000 },
      }),
    );
    expect((await signIn("stranded", staffPassword)).status).toBe(201);
  });

  it("evaluates at most 5 of 30 parallel wrong passwords", async () => {
    await addUser(runtime, tenantId, "raced", ["staff"]);
    const hasher = runtime.deps().hasher;
    const verify = vi.spyOn(hasher, "verify");
    try {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => signIn("raced", `guess-${i}-wrong`)),
      );
      expect(answers.every((a) => a.status === 401)).toBe(true);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
      expect(verify.mock.calls.length).toBeGreaterThan(0);
    } finally {
      verify.mockRestore();
    }
  });

  it("changes the password, emails a notice without the password, and the old one stops working", async () => {
    await addUser(runtime, tenantId, "changer", ["staff"], "changer@school.example");
    const token = (await signIn("changer", staffPassword)).body.token as string;
    const weak = await api("PUT", "/v1/me/password", {
      token,
      json: { currentPassword: staffPassword, newPassword: "password1" },
    });
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toEqual([expect.objectContaining({ pointer: "/newPassword" })]);

    const newPassword = "lantern-meadow-copper-71";
    const changed = await api("PUT", "/v1/me/password", {
      token,
      json: { currentPassword: staffPassword, newPassword },
    });
    expect(changed.status).toBe(204);
    expect((await signIn("changer", staffPassword)).status).toBe(401);
    expect((await signIn("changer", newPassword)).status).toBe(201);

    const email = await eventually(async () =>
      (await sentEmails(runtime)).find((e) => JSON.stringify(e).includes("changer@school.example")),
    );
    expect(email.subject).toBe("Your Test School password was changed");
    expect(JSON.stringify(email)).not.toContain(newPassword);
  });
});
