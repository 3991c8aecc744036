import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { keys } from "../../lib/adapters/dynamodb/keys.js";
import type { Deps } from "../../lib/app/deps.js";
import { introspectStepUp, verifySsoPin } from "../../lib/app/sso-pins/sso-pins.js";
import type { Principal } from "../../lib/domain/permissions.js";
import { client, createTestTenant, startTestRuntime, verifyEmails } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

/** A tenant with an SSO teacher (email + "sso" profile, born 1985-03-14) and a teacher without SSO. */
async function school() {
  const tenant = await createTestTenant(runtime);
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      users: [
        {
          externalId: "T1",
          username: "j.sso",
          forename: "Jo",
          surname: "Sso",
          email: "jo@school.example",
          emailVerified: true,
          dateOfBirth: "1985-03-14",
          userType: "staff",
          profiles: ["sso"],
        },
        { externalId: "T2", username: "k.local", forename: "Kim", surname: "Local", userType: "staff" },
      ],
    },
  });
  expect(imported.status).toBe(200);
  await verifyEmails(runtime, tenant.tenantId, ["T1"]);
  const ids = await runtime.deps().users.idsByExternalId(tenant.tenantId, ["T1", "T2"]);
  return { ...tenant, sso: ids.get("T1") as string, local: ids.get("T2") as string };
}

type School = Awaited<ReturnType<typeof school>>;
const verify = (s: School, pin: string, action = "sign_in") =>
  api("POST", "/v1/sso-pins/verify", { apiKey: s.apiKey, json: { username: "j.sso", pin, action } });
const setup = (s: School, pin: string, confirmPin = pin) =>
  api("POST", "/v1/sso-pins/setup", { apiKey: s.apiKey, json: { username: "j.sso", pin, confirmPin } });

describe("SSO PINs", () => {
  it("resets, requires setup, refuses weak or mismatched PINs, then verifies for sign-in and delete_student", async () => {
    const s = await school();
    const notSso = await api("POST", `/v1/users/${s.local}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect(notSso.status).toBe(422);
    expect(notSso.body.detail).toContain("SSO account");

    const reset = await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ userId: s.sso, state: "reset_pending" });
    // The user is told (their email is verified), with no secret in the notice.
    const emails = await runtime.deps().emailDeliveries.list(s.tenantId, { limit: 10 });
    expect(emails.items.map((e) => [e.layoutId, e.to])).toEqual([
      ["SSO_PIN_RESET_NOTICE", "jo@school.example"],
    ]);
    expect((await verify(s, "583920")).body).toEqual({ outcome: "setup_required" });

    const mismatch = await setup(s, "583920", "583921");
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([{ pointer: "/confirmPin", detail: "must match the PIN" }]);
    for (const [pin, reason] of [
      ["123456", "consecutive"],
      ["777777", "repeated"],
      ["121212", "pattern"],
      ["140385", "date of birth"],
      ["147258", "commonly chosen"],
      ["12345a", "6 digits"],
    ]) {
      const weak = await setup(s, pin as string);
      expect(weak.status, pin).toBe(422);
      expect(JSON.stringify(weak.body.errors), pin).toContain(reason as string);
    }
    const created = await setup(s, "583920");
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ outcome: "ok", action: "sign_in" });
    expect((await setup(s, "691047")).status).toBe(422);

    expect((await verify(s, "583920")).body).toMatchObject({ outcome: "ok", action: "sign_in" });
    const deleting = await verify(s, "583920", "delete_student");
    expect(deleting.body).toMatchObject({ outcome: "ok", action: "delete_student" });
    const token = deleting.body.stepUpToken as string;
    const introspect = (action: string, apiKey = s.apiKey) =>
      api("POST", "/v1/step-up/introspect", { apiKey, json: { token, action } });
    // Shown for another action or to another tenant, it is inactive and not used up.
    expect((await introspect("remove_projector_mode")).body).toEqual({ active: false });
    const other = await createTestTenant(runtime);
    expect((await introspect("delete_student", other.apiKey)).body).toEqual({ active: false });
    expect((await introspect("delete_student")).body).toEqual({
      active: true,
      userId: s.sso,
      action: "delete_student",
    });
    // Single use: the first introspection consumed it.
    expect((await introspect("delete_student")).body).toEqual({ active: false });
    expect((await verify(s, "583920", "launch_rockets")).status).toBe(422);
    expect((await verify(s, "000001")).body).toEqual({ outcome: "invalid" });
    expect(JSON.stringify(await verify(s, "000001"))).not.toContain("583920");

    // After another reset the old PIN stops working at once.
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await verify(s, "583920")).body).toEqual({ outcome: "setup_required" });
    const events = await api<{ items: { action: string }[] }>("GET", `/v1/users/${s.sso}/events`, {
      apiKey: s.apiKey,
    });
    expect(events.body.items.map((e) => e.action)).toEqual(["sso-pin.reset", "sso-pin.set", "sso-pin.reset"]);
  });

  it("answers an unknown user exactly like a wrong PIN", async () => {
    const s = await school();
    const unknown = await api("POST", "/v1/sso-pins/verify", {
      apiKey: s.apiKey,
      json: { username: "nobody", pin: "583920", action: "sign_in" },
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ outcome: "invalid" });
  });

  it("locks after 5 wrong PINs: refused at lock − 1 s even with the right PIN, accepted at lock + 1 s", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await setup(s, "583920")).status).toBe(200);
    const t0 = Date.now();
    const at = (ms: number): Deps => ({
      ...runtime.deps(),
      clock: { now: () => new Date(t0 + ms), sleep: async () => undefined },
    });
    const principal: Principal = { kind: "api-key", tenantId: s.tenantId, keyId: "test" };
    const attempt = (ms: number, pin: string) =>
      verifySsoPin(at(ms), principal, { username: "j.sso", pin, action: "sign_in" });
    for (let i = 0; i < 5; i++) expect((await attempt(i, "000001")).outcome).toBe("invalid");
    // Locked for 60 s from the fifth failure (at 4 ms); attempts while locked neither count nor pass.
    expect((await attempt(10, "583920")).outcome).toBe("locked");
    expect((await attempt(4 + 59_000, "583920")).outcome).toBe("locked");
    expect((await attempt(4 + 61_000, "583920")).outcome).toBe("ok");

    // A step-up token lives 5 minutes.
    const ok = await attempt(4 + 62_000, "583920");
    const token = ok.outcome === "ok" ? ok.stepUpToken : "";
    const check = (ms: number) => introspectStepUp(at(ms), principal, { token, action: "sign_in" });
    expect((await check(4 + 62_000 + 301_000)).active).toBe(false);
    expect((await check(4 + 62_000 + 299_000)).active).toBe(true);
  });

  it("uses a step-up token once: of ten introspections at once exactly one is active; the mark expires with it", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await setup(s, "583920")).status).toBe(200);
    const ok = await verify(s, "583920", "delete_student");
    const token = ok.body.stepUpToken as string;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api("POST", "/v1/step-up/introspect", {
          apiKey: s.apiKey,
          json: { token, action: "delete_student" },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.active === true)).toHaveLength(1);
    const again = await api("POST", "/v1/step-up/introspect", {
      apiKey: s.apiKey,
      json: { token, action: "delete_student" },
    });
    expect(again.body).toEqual({ active: false });
    // The used mark is stored under keys.usedStepUp with a TTL at the token's expiry (5 minutes from issue).
    const claims = await runtime.deps().sessions.verifyStepUp(token, new Date());
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    const { Item } = await db.send(
      new GetCommand({ TableName: runtime.tableName, Key: keys.usedStepUp(s.tenantId, claims.tokenId) }),
    );
    expect(Item?.expiresAt).toBe(Math.ceil(claims.expiresAt.getTime() / 1000));
  });

  it("evaluates at most 5 of 100 parallel wrong PINs", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await setup(s, "583920")).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 100 }, () => verify(s, "000001")));
    const outcomes = results.map((r) => r.body.outcome as string);
    expect(outcomes.filter((o) => o === "invalid").length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((o) => o === "locked").length).toBeGreaterThanOrEqual(95);
    expect((await verify(s, "583920")).body).toEqual({ outcome: "locked" });
  });

  it("counts no attempt while setup is pending, and none for a user who never had a PIN", async () => {
    const s = await school();
    for (let i = 0; i < 7; i++)
      expect((await verify(s, "000001")).body).toEqual({ outcome: "setup_required" });
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    for (let i = 0; i < 7; i++)
      expect((await verify(s, "000001")).body).toEqual({ outcome: "setup_required" });
    expect((await setup(s, "583920")).status).toBe(200);
    // Four wrong PINs and the right one: had the pending checks been counted, the fifth would be refused.
    for (let i = 0; i < 4; i++) expect((await verify(s, "000001")).body).toEqual({ outcome: "invalid" });
    expect((await verify(s, "583920")).body.outcome).toBe("ok");
    for (let i = 0; i < 4; i++) expect((await verify(s, "000001")).body).toEqual({ outcome: "invalid" });
    expect((await verify(s, "583920")).body.outcome).toBe("ok");
  });

  it("takes the PIN from the reservation itself: one write on the PIN item, then the reset after a success", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await setup(s, "583920")).status).toBe(200);
    const deps = runtime.deps();
    const read = vi.spyOn(deps.ssoPins, "get");
    const success = vi.spyOn(deps.credentials, "recordSuccess");
    try {
      expect((await verify(s, "583920")).body.outcome).toBe("ok");
      expect(read).not.toHaveBeenCalled();
      expect(success).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
      success.mockRestore();
    }
    const reservation = await deps.credentials.reserveAttemptWithHash(
      s.tenantId,
      s.sso,
      new Date(),
      "sso-pin",
    );
    expect(reservation).toEqual({ outcome: "reserved", hash: expect.stringMatching(/^\$argon2id\$/) });
    expect(await deps.credentials.reserveAttemptWithHash(s.tenantId, s.local, new Date(), "sso-pin")).toEqual(
      {
        outcome: "absent",
      },
    );
  });

  it("recovers a PIN counter stranded at the threshold (no lock recorded) once the longest lock has passed", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.sso}/sso-pin/reset`, { apiKey: s.apiKey, json: {} });
    expect((await setup(s, "583920")).status).toBe(200);
    const db = documentClient({ region: "eu-west-2", endpoint: runtime.emulators.dynamodb });
    const strand = (minutesAgo: number) =>
      db.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.ssoPinCredential(s.tenantId, s.sso),
          UpdateExpression: "SET failures = :five, lastAttemptAt = :at",
          ExpressionAttributeValues: { ":five": 5, ":at": Date.now() - minutesAgo * 60_000 },
        }),
      );
    try {
      await strand(1);
      expect((await verify(s, "583920")).body).toEqual({ outcome: "locked" });
      await strand(16);
      expect((await verify(s, "583920")).body.outcome).toBe("ok");
    } finally {
      db.destroy();
    }
  });
});
