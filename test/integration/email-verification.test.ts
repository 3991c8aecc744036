import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  finishedJob,
  sentTo,
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

/** A school whose MIS imported a parent (an unverified address), a pupil without one, and a class teacher. */
async function school() {
  const tenant = await createTestTenant(runtime);
  await api("PATCH", "/v1/tenant", {
    apiKey: tenant.apiKey,
    json: { preferences: { allowPasswordResetByEmail: true } },
  });
  const parentEmail = `parent@${tenant.tenantId}.example`;
  const imported = await api("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [{ externalId: "P", name: "Parents 1A", type: "custom" }],
      users: [
        {
          externalId: "U1",
          username: "pat",
          forename: "Pat",
          surname: "Parent",
          userType: "parent",
          email: parentEmail,
        },
        { externalId: "U2", username: "kid", forename: "Kim", surname: "Pupil", userType: "student" },
      ],
      memberships: ["U1", "U2"].map((u) => ({ groupExternalId: "P", userExternalId: u })),
    },
  });
  expect(imported.body).toMatchObject({ total: 5, failed: 0 });
  const ids = await runtime.deps().users.idsByExternalId(tenant.tenantId, ["U1", "U2"]);
  const groupId = (await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["P"])).get("P") as string;
  await addUser(
    runtime,
    tenant.tenantId,
    "teach",
    ["class-teacher", "staff"],
    `teach@${tenant.tenantId}.example`,
  );
  const signIn = async (username: string) =>
    (
      await api<{ token: string }>("POST", "/v1/sessions", {
        json: { tenantId: tenant.tenantId, username, password: staffPassword },
      })
    ).body.token;
  return {
    ...tenant,
    parentEmail,
    parentId: ids.get("U1") as string,
    pupilId: ids.get("U2") as string,
    groupId,
    adminToken: await signIn("admin"),
    teacherToken: await signIn("teach"),
  };
}

/** The confirmation link in the newest confirmation email to `address`, once `count` have arrived. */
async function confirmationLink(address: string, count = 1): Promise<string> {
  const emails = await eventually(async () => {
    const found = (await sentTo(runtime, address)).filter((e) => e.subject.startsWith("Confirm your email"));
    return found.length >= count ? found : undefined;
  });
  const link = /(http:\/\/\S+\/verify-email\?token=\S+)/.exec(emails.at(-1)?.body.text ?? "")?.[1];
  expect(link).toBeDefined();
  return link as string;
}

const confirm = (token: string) =>
  fetch(`${runtime.apiUrl}/verify-email`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }).toString(),
  });

describe("an imported address becomes verified only when its owner follows the link", () => {
  it("asks by API, shows a page that changes nothing, confirms on the button, and then reset emails reach it", async () => {
    const s = await school();
    const user = () => runtime.deps().users.get(s.tenantId, s.parentId);
    expect((await user())?.emailVerified).toBe(false);

    const asked = await api("POST", `/v1/users/${s.parentId}/email-verification`, { token: s.adminToken });
    expect(asked).toMatchObject({ status: 202, body: { status: "sent", email: s.parentEmail } });
    const link = await confirmationLink(s.parentEmail);
    expect(link.startsWith(runtime.apiUrl)).toBe(true);
    const token = new URL(link).searchParams.get("token") as string;

    // Opening the link (as a mail scanner would) only shows a button.
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain(s.parentEmail);
    expect(page).toContain('action="/verify-email"');
    expect((await user())?.emailVerified).toBe(false);

    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("is now confirmed");
    expect((await user())?.emailVerified).toBe(true);
    expect((await runtime.deps().users.identityLinks(s.parentEmail))[0]?.verified).toBe(true);
    expect((await confirm(token)).status).toBe(410);
    expect(await api("POST", "/v1/email-verifications/complete", { json: { token } })).toMatchObject({
      status: 410,
      headers: expect.anything(),
    });

    // Now a forgotten password reaches the address.
    await api("POST", "/v1/password-resets", { json: { tenantId: s.tenantId, login: "pat" } });
    await eventually(async () => {
      const resets = (await sentTo(runtime, s.parentEmail)).filter((e) => e.subject.startsWith("Reset your"));
      return resets.length > 0 ? resets : undefined;
    });
  });

  it("answers who may ask, for whom, and how often", async () => {
    const s = await school();
    const other = await school();
    const ask = (userId: string, auth: { token?: string; apiKey?: string }) =>
      api("POST", `/v1/users/${userId}/email-verification`, auth);
    expect((await ask(s.parentId, { token: s.teacherToken })).status).toBe(403);
    expect((await ask(s.parentId, {})).status).toBe(401);
    expect((await ask(other.parentId, { apiKey: s.apiKey })).status).toBe(404);
    const noAddress = await ask(s.pupilId, { apiKey: s.apiKey });
    expect(noAddress.status).toBe(409);
    expect(noAddress.headers.get("content-type")).toContain("application/problem+json");
    for (let i = 0; i < 5; i++) expect((await ask(s.parentId, { apiKey: s.apiKey })).status).toBe(202);
    const sixth = await ask(s.parentId, { apiKey: s.apiKey });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("retry-after")).toBeTruthy();
    // Only the newest of the five links works.
    const newest = new URL(await confirmationLink(s.parentEmail, 5)).searchParams.get("token") as string;
    const emails = (await sentTo(runtime, s.parentEmail)).filter((e) => e.subject.startsWith("Confirm"));
    const oldest = /token=(\S+)/.exec(emails[0]?.body.text ?? "")?.[1] as string;
    expect((await confirm(decodeURIComponent(oldest))).status).toBe(410);
    expect((await confirm(newest)).status).toBe(200);
    expect((await ask(s.parentId, { apiKey: s.apiKey })).status).toBe(409);
  });

  it("lets a signed-in person ask for their own address, and never an API key", async () => {
    const s = await school();
    const unverified = `w@${s.tenantId}.example`;
    await createUserWithPassword(runtime.deps(), {
      tenantId: s.tenantId,
      username: "walt",
      forename: "Walt",
      surname: "Staff",
      userType: "staff",
      roles: ["staff"],
      email: unverified,
      emailVerified: false,
      password: staffPassword,
    });
    const token = (
      await api<{ token: string }>("POST", "/v1/sessions", {
        json: { tenantId: s.tenantId, username: "walt", password: staffPassword },
      })
    ).body.token;
    expect((await api("POST", "/v1/me/email-verification", { token })).status).toBe(202);
    expect((await api("POST", "/v1/me/email-verification", { apiKey: s.apiKey })).status).toBe(403);
    const link = await confirmationLink(unverified);
    expect((await confirm(new URL(link).searchParams.get("token") as string)).status).toBe(200);
  });

  it("verifies nothing once the roster changed the address the link went to", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.parentId}/email-verification`, { apiKey: s.apiKey });
    const token = new URL(await confirmationLink(s.parentEmail)).searchParams.get("token") as string;
    await api("POST", "/v1/roster", {
      apiKey: s.apiKey,
      json: {
        users: [
          {
            externalId: "U1",
            username: "pat",
            forename: "Pat",
            surname: "Parent",
            userType: "parent",
            email: `new@${s.tenantId}.example`,
          },
        ],
      },
    });
    const page = await fetch(`${runtime.apiUrl}/verify-email?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(410);
    expect((await confirm(token)).status).toBe(410);
    expect(await runtime.deps().users.get(s.tenantId, s.parentId)).toMatchObject({ emailVerified: false });
  });

  it("two confirmations at once: one verifies, the other is told the link was used", async () => {
    const s = await school();
    await api("POST", `/v1/users/${s.parentId}/email-verification`, { apiKey: s.apiKey });
    const token = new URL(await confirmationLink(s.parentEmail)).searchParams.get("token") as string;
    const answers = await Promise.all(
      [1, 2].map(() => api("POST", "/v1/email-verifications/complete", { json: { token } })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
  });

  it("emails a whole group's unverified members as a job, and lists those without an address", async () => {
    const s = await school();
    expect(
      (
        await api("POST", "/v1/email-verification-emails", {
          token: s.teacherToken,
          json: { groupIds: [s.groupId] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api("POST", "/v1/email-verification-emails", { apiKey: s.apiKey, json: { groupIds: ["nope"] } }))
        .status,
    ).toBe(404);
    const started = await api<{ jobId: string }>("POST", "/v1/email-verification-emails", {
      token: s.adminToken,
      json: { groupIds: [s.groupId] },
    });
    expect(started.status).toBe(202);
    expect(await finishedJob(api, s.apiKey, started.body.jobId)).toMatchObject({
      status: "completed",
      total: 2,
      processed: 2,
      skipped: 1,
    });
    await confirmationLink(s.parentEmail);
    const report = await api<{ kind: string; emailed: number; rows: { username: string; reason: string }[] }>(
      "GET",
      `/v1/jobs/${started.body.jobId}/report`,
      { token: s.adminToken },
    );
    expect(report.body).toMatchObject({
      kind: "email-verifications",
      emailed: 1,
      rows: [{ username: "kid", reason: "no email address" }],
    });
    const printable = await api("GET", `/v1/jobs/${started.body.jobId}/report?format=html`, {
      token: s.adminToken,
    });
    expect(printable.text).toContain("could not be asked to confirm");
  });
});
