import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { addUser, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";
import { signedInPageClient } from "./pages.js";

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

/** A school with a member of staff to hold a PIN code and a colleague to receive one, both with verified emails. */
async function school() {
  const tenant = await createTestTenant(runtime);
  const holder = await addUser(
    runtime,
    tenant.tenantId,
    "j.holder",
    ["staff"],
    `holder@${tenant.tenantId}.example`,
  );
  await addUser(runtime, tenant.tenantId, "c.league", ["staff"], `colleague@${tenant.tenantId}.example`);
  const admin = await signedInPageClient(runtime, tenant.tenantId, "admin");
  return { ...tenant, holderId: holder.userId, admin, page: `/console/users/${holder.userId}/pin-code` };
}

const codeOf = (tenantId: string, userId: string) => runtime.deps().pinCodes.get(tenantId, userId);
const auditActions = async (tenantId: string) =>
  (await runtime.deps().audit.forTenant(tenantId, { limit: 50 })).items.map((e) => e.action);

describe("console: a user's PIN code", () => {
  it("assigns and emails a code to the user, shows who assigned it (a name) and when, never the code, and revokes it", async () => {
    const s = await school();
    const page = await s.admin.get(s.page);
    expect(page.status).toBe(200);
    expect(page.text).toContain("No PIN code");
    // The school has not turned PIN-code sign-up on yet: the page says so, and where.
    expect(page.text).toContain("PIN-code sign-up is off at this school");
    expect(page.text).toContain(`The user's own email, holder@${s.tenantId}.example`);
    expect(page.text).toContain(`href="/console/users/${s.holderId}"`);
    const assigned = await s.admin.post(s.page, {
      csrf: page.csrf ?? "",
      recipient: "user",
      password: staffPassword,
    });
    expect(assigned.status).toBe(303);
    expect(assigned.location).toBe(`${s.page}?done=assigned`);
    expect(await codeOf(s.tenantId, s.holderId)).toBeDefined();
    const after = await s.admin.get(`${s.page}?done=assigned`);
    expect(after.text).toContain("A new PIN code was assigned and emailed");
    expect(after.text).toContain("Holds a PIN code");
    expect(after.text).toContain("by admin Tester");
    expect(after.text).toContain(`Last emailed to holder@${s.tenantId}.example`);
    expect(after.text).toContain('<span class="badge pending">Queued</span>');
    expect(after.text).not.toMatch(/user:[0-9a-f-]{36}/);
    expect(after.text).toContain("Regenerate and email</button>");
    expect(await auditActions(s.tenantId)).toEqual(
      expect.arrayContaining(["pin-code.assigned", "pin-code.emailed"]),
    );
    expect((await s.admin.post(`${s.page}/revoke`, { csrf: "forged" })).status).toBe(403);
    expect((await s.admin.post(`${s.page}/revoke`, {})).status).toBe(403);
    expect(await codeOf(s.tenantId, s.holderId)).toBeDefined();
    const revoked = await s.admin.post(`${s.page}/revoke`, { csrf: after.csrf ?? "" });
    expect(revoked.location).toBe(`${s.page}?done=revoked`);
    expect(await codeOf(s.tenantId, s.holderId)).toBeUndefined();
    expect((await s.admin.get(`${s.page}?done=revoked`)).text).toContain("The PIN code was revoked");
  });

  it("emails the code to a colleague's verified address, and refuses any other address or a wrong password on the page", async () => {
    const s = await school();
    const page = await s.admin.get(s.page);
    const csrf = page.csrf ?? "";
    const outside = await s.admin.post(s.page, {
      csrf,
      recipient: "other",
      to: "someone@elsewhere.example",
      password: staffPassword,
    });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain(
      "the address must be the user&#39;s own verified email or a colleague&#39;s",
    );
    expect(outside.text).toContain('value="someone@elsewhere.example"');
    const empty = await s.admin.post(s.page, { csrf, recipient: "other", to: "", password: staffPassword });
    expect(empty.status).toBe(422);
    const wrong = await s.admin.post(s.page, { csrf, recipient: "user", password: "not-my-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("Your password was not accepted");
    expect(await codeOf(s.tenantId, s.holderId)).toBeUndefined();
    const colleague = await s.admin.post(s.page, {
      csrf,
      recipient: "other",
      to: `colleague@${s.tenantId}.example`,
      password: staffPassword,
    });
    expect(colleague.location).toBe(`${s.page}?done=assigned`);
    expect(await codeOf(s.tenantId, s.holderId)).toBeDefined();
  });

  it("refuses a role without users:pin-codes (403), a missing or wrong token (403), and another school's user (404)", async () => {
    const s = await school();
    const other = await createTestTenant(runtime);
    const stranger = await addUser(runtime, other.tenantId, "x.stranger", ["staff"], "x@other.example");
    await addUser(runtime, s.tenantId, "head", ["headteacher", "staff"]);
    const head = await signedInPageClient(runtime, s.tenantId, "head");
    expect((await head.get(s.page)).status).toBe(403);
    const headHome = await head.get("/console");
    const forged = { csrf: headHome.csrf ?? "", recipient: "user", password: staffPassword };
    expect((await head.post(s.page, forged)).status).toBe(403);
    const page = await s.admin.get(s.page);
    expect((await s.admin.post(s.page, { recipient: "user", password: staffPassword })).status).toBe(403);
    expect(
      (await s.admin.post(s.page, { csrf: "wrong", recipient: "user", password: staffPassword })).status,
    ).toBe(403);
    expect(await codeOf(s.tenantId, s.holderId)).toBeUndefined();
    const foreign = `/console/users/${stranger.userId}/pin-code`;
    expect((await s.admin.get(foreign)).status).toBe(404);
    const foreignAssign = await s.admin.post(foreign, {
      csrf: page.csrf ?? "",
      recipient: "user",
      password: staffPassword,
    });
    expect(foreignAssign.status).toBe(404);
    expect(await codeOf(other.tenantId, stranger.userId)).toBeUndefined();
    expect((await s.admin.post(`${foreign}/revoke`, { csrf: page.csrf ?? "" })).status).toBe(404);
    // Revoking when there is no code: 404, nothing to do.
    expect((await s.admin.post(`${s.page}/revoke`, { csrf: page.csrf ?? "" })).status).toBe(404);
  });
});
