import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import {
  client,
  createTestTenant,
  eventually,
  sentEmails,
  staffPassword,
  startTestRuntime,
  verifyEmails,
} from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

type RosterAnswer = {
  created: number;
  updated: number;
  failed: number;
  errors: { line: number; reason: string }[];
};

const staffRow = (externalId: string, username: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  username,
  forename: username,
  surname: "Staff",
  userType: "staff",
  ...extra,
});

/** A tenant whose headteacher (external id H1, a verified email) the MIS also sends. */
async function school() {
  const tenant = await createTestTenant(runtime);
  const headEmail = `head@${tenant.tenantId}.example`;
  const head = await createUserWithPassword(runtime.deps(), {
    tenantId: tenant.tenantId,
    externalId: "H1",
    username: "head",
    forename: "Hana",
    surname: "Head",
    userType: "staff",
    roles: ["headteacher", "staff"],
    email: headEmail,
    emailVerified: true,
    password: staffPassword,
  });
  const roster = (json: unknown) => api<RosterAnswer>("POST", "/v1/roster", { apiKey: tenant.apiKey, json });
  const user = async (externalId: string) => {
    const id = (await runtime.deps().users.idsByExternalId(tenant.tenantId, [externalId])).get(externalId);
    return id ? runtime.deps().users.get(tenant.tenantId, id) : undefined;
  };
  return { ...tenant, head, headEmail, roster, user };
}

describe("a roster cannot escalate", () => {
  it("refuses rows that grant a privileged role (a row error with the reason) and applies the others", async () => {
    const s = await school();
    const answer = await s.roster({
      users: [
        staffRow("S1", "sam", { roles: ["staff", "site-admin"] }),
        staffRow("S2", "sue", { roles: ["class-teacher", "staff"] }),
        staffRow("S3", "sid", { roles: ["nominated-contact"] }),
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 1, failed: 2 });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringContaining("may not grant site-admin") }),
      expect.objectContaining({
        line: 3,
        reason: expect.stringContaining("may not grant nominated-contact"),
      }),
    ]);
    expect(await s.user("S1")).toBeUndefined();
    expect((await s.user("S2"))?.roles).toEqual(["class-teacher", "staff"]);

    // Nor to someone who exists already.
    const promote = await s.roster({ users: [staffRow("S2", "sue", { roles: ["headteacher", "staff"] })] });
    expect(promote.body).toMatchObject({ updated: 0, failed: 1 });
    expect((await s.user("S2"))?.roles).toEqual(["class-teacher", "staff"]);
  });

  it("keeps a privileged user's roles, email and status whatever the roster says, and applies its other fields", async () => {
    const s = await school();
    const headRow = (extra: Record<string, unknown>) =>
      staffRow("H1", "head", { forename: "Hana", surname: "Head", email: s.headEmail, ...extra });
    const hijack = await s.roster({
      users: [
        headRow({ email: "attacker@evil.example", emailVerified: true, roles: ["headteacher", "staff"] }),
      ],
    });
    expect(hijack.body).toMatchObject({ failed: 1 });
    expect(hijack.body.errors[0]?.reason).toContain("may not change the email of a privileged user");
    expect((await s.roster({ users: [headRow({ email: undefined })] })).body).toMatchObject({ failed: 1 });
    expect((await s.roster({ users: [headRow({ status: "disabled" })] })).body).toMatchObject({ failed: 1 });

    // The MIS knows only the staff role: the headteacher keeps theirs; a surname change is applied.
    const demote = await s.roster({ users: [headRow({ roles: ["staff"], surname: "Head-Jones" })] });
    expect(demote.body).toMatchObject({ updated: 1, failed: 0 });
    expect(await s.user("H1")).toMatchObject({
      roles: ["headteacher", "staff"],
      surname: "Head-Jones",
      email: s.headEmail,
      emailVerified: true,
      status: "active",
    });
  });

  it("never takes emailVerified from a roster: a new or changed address stays unverified until proven", async () => {
    const s = await school();
    await s.roster({ users: [staffRow("S1", "sam", { email: "sam@school.example", emailVerified: true })] });
    expect((await s.user("S1"))?.emailVerified).toBe(false);
    expect((await runtime.deps().users.identityLinks("sam@school.example"))[0]?.verified).toBe(false);
    await verifyEmails(runtime, s.tenantId, ["S1"]);
    expect((await s.user("S1"))?.emailVerified).toBe(true);
    // The same address again keeps the proof; a new one (even "verified" by the row) does not have it.
    await s.roster({ users: [staffRow("S1", "sam", { email: "SAM@school.example", surname: "X" })] });
    expect((await s.user("S1"))?.emailVerified).toBe(true);
    await s.roster({
      users: [staffRow("S1", "sam", { email: "sam@elsewhere.example", emailVerified: true })],
    });
    expect(await s.user("S1")).toMatchObject({ email: "sam@elsewhere.example", emailVerified: false });
  });

  it("skips privileged members in group reset emails, listing them with the reason", async () => {
    const s = await school();
    const staffEmail = `sam@${s.tenantId}.example`;
    await s.roster({
      groups: [{ externalId: "G", name: "Staff room", type: "custom" }],
      users: [staffRow("S1", "sam", { email: staffEmail })],
      memberships: ["S1", "H1"].map((u) => ({ groupExternalId: "G", userExternalId: u })),
    });
    await verifyEmails(runtime, s.tenantId, ["S1"]);
    const groupId = (await runtime.deps().groups.idsByExternalId(s.tenantId, ["G"])).get("G") as string;
    const started = await api<{ jobId: string }>("POST", "/v1/password-reset-emails", {
      apiKey: s.apiKey,
      json: { groupIds: [groupId] },
    });
    expect(started.status).toBe(202);
    const job = await eventually(async () => {
      const r = await api("GET", `/v1/jobs/${started.body.jobId}`, { apiKey: s.apiKey });
      return r.body.status === "completed" ? r.body : undefined;
    });
    expect(job).toMatchObject({ total: 2, processed: 2, skipped: 1 });
    await eventually(async () => {
      const to = (await sentEmails(runtime)).filter((e) => (e.destination?.to ?? []).includes(staffEmail));
      return to.length > 0 ? to : undefined;
    });
    const toHead = (await sentEmails(runtime)).filter((e) => (e.destination?.to ?? []).includes(s.headEmail));
    expect(toHead).toEqual([]);
    const report = await api<{ rows: { username: string; reason: string }[] }>(
      "GET",
      `/v1/jobs/${started.body.jobId}/report`,
      { apiKey: s.apiKey },
    );
    expect(report.body.rows).toEqual([
      expect.objectContaining({ username: "head", reason: expect.stringContaining("privileged account") }),
    ]);
  });
});
