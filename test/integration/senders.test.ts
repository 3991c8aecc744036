import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  sentTo,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

// This deployment has verified two sender domains in SES: its own and one school's.
beforeAll(async () => {
  runtime = await startTestRuntime({ senderDomains: ["latchkey.local", "oakfield.example"] });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const unique = () => randomBytes(4).toString("hex");
type Problem = { errors?: { pointer: string; detail: string }[] };
const inbox = (address: string) => sentTo(runtime, address);

describe("a tenant's sender address", () => {
  it("must be on a verified sender domain: another domain is refused 422 and changes nothing", async () => {
    const { apiKey } = await createTestTenant(runtime);
    for (const senderAddress of [
      "head@gov.example",
      "office@oakfield.example.evil.example",
      "office@sub.oakfield.example",
    ]) {
      const refused = await api<Problem>("PATCH", "/v1/tenant", { apiKey, json: { senderAddress } });
      expect(refused.status, senderAddress).toBe(422);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: "/senderAddress" })]);
    }
    expect((await api("GET", "/v1/tenant", { apiKey })).body.senderAddress).toBeUndefined();
    const accepted = await api("PATCH", "/v1/tenant", {
      apiKey,
      json: { senderAddress: "Office@Oakfield.example" },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.senderAddress).toBe("Office@Oakfield.example");
  });

  it("is not used once its domain is no longer verified: the email comes from the service's sender", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    // Stored before the rule (or before the deployment dropped the domain).
    await runtime.deps().tenants.update(tenantId, { senderAddress: "head@gov.example" }, new Date());
    const colleague = `colleague.${unique()}@home.example`;
    await addUser(runtime, tenantId, `colleague.${unique()}`, ["staff"], colleague);
    const owner = await addUser(runtime, tenantId, `owner.${unique()}`, ["staff"]);
    const assigned = await api("POST", `/v1/users/${owner.userId}/pin-code`, {
      apiKey,
      json: { to: colleague },
    });
    expect(assigned.status).toBe(200);
    const [email] = await eventually(async () => {
      const found = await inbox(colleague);
      return found.length > 0 ? found : undefined;
    });
    expect((email as { from?: string }).from).toBe("no-reply@latchkey.local");
  });
});

describe("a PIN-code email's recipient", () => {
  it("is the user's own verified email or a verified colleague's in the same tenant, never an outside address", async () => {
    const { apiKey, tenantId } = await createTestTenant(runtime);
    const other = await createTestTenant(runtime);
    const tag = unique();
    const owner = await addUser(runtime, tenantId, `owner.${tag}`, ["staff"], `owner.${tag}@home.example`);
    const unverifiedEmail = `new.${tag}@home.example`;
    const unverified = await createUserWithPassword(runtime.deps(), {
      tenantId,
      username: `new.${tag}`,
      forename: "New",
      surname: "Starter",
      userType: "staff",
      roles: ["staff"],
      email: unverifiedEmail,
      emailVerified: false,
      password: staffPassword,
    });
    const elsewhere = `elsewhere.${tag}@other.example`;
    await addUser(runtime, other.tenantId, `elsewhere.${tag}`, ["staff"], elsewhere);
    const attacker = `attacker.${tag}@evil.example`;
    for (const to of [attacker, elsewhere]) {
      const refused = await api<Problem>("POST", `/v1/users/${owner.userId}/pin-code`, {
        apiKey,
        json: { to },
      });
      expect(refused.status, to).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: "/to" })]);
    }
    // An unverified address is nobody's proven address: not as the user's own, nor as a colleague's.
    for (const [userId, json] of [
      [unverified.userId, {}],
      [unverified.userId, { to: unverifiedEmail }],
      [owner.userId, { to: unverifiedEmail }],
    ] as const) {
      const refused = await api<Problem>("POST", `/v1/users/${userId}/pin-code`, { apiKey, json });
      expect(refused.status, JSON.stringify(json)).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: "/to" })]);
    }
    // Refusals change nothing: no code, no email.
    expect((await api("GET", `/v1/users/${owner.userId}`, { apiKey })).body.pinCode).toBeUndefined();
    const own = await api("POST", `/v1/users/${owner.userId}/pin-code`, { apiKey, json: {} });
    expect(own.status).toBe(200);
    await eventually(async () => ((await inbox(`owner.${tag}@home.example`)).length > 0 ? true : undefined));
    expect(await inbox(attacker)).toEqual([]);
    expect(await inbox(elsewhere)).toEqual([]);
    expect(await inbox(unverifiedEmail)).toEqual([]);
  });
});
