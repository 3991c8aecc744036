import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import type { Deps } from "../../lib/app/deps.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import { requestPasswordReset, resetRequestFloorMs } from "../../lib/app/password-resets/password-reset.js";
import {
  addUser,
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

const unique = () => randomBytes(4).toString("hex");

/** A tenant that allows reset by email, with one user whose email is verified and one whose email is not. */
async function school(allowReset = true) {
  const tenant = await createTestTenant(runtime);
  await api("PATCH", "/v1/tenant", {
    apiKey: tenant.apiKey,
    json: { preferences: { allowPasswordResetByEmail: allowReset } },
  });
  const tag = unique();
  const verified = await addUser(runtime, tenant.tenantId, `v.${tag}`, ["staff"], `v.${tag}@reset.example`);
  await addUser(runtime, tenant.tenantId, `u.${tag}`, ["staff"]);
  await createUserWithPassword(runtime.deps(), {
    tenantId: tenant.tenantId,
    username: `w.${tag}`,
    forename: "W",
    surname: "Unverified",
    userType: "staff",
    roles: ["staff"],
    email: `w.${tag}@reset.example`,
    emailVerified: false,
    password: staffPassword,
  });
  return { ...tenant, tag, verified, verifiedEmail: `v.${tag}@reset.example` };
}

const emailsTo = async (address: string) =>
  (await sentEmails(runtime)).filter((e) => (e.destination?.to ?? []).includes(address));

/** The reset link in the newest reset email to `address`, once it has arrived (`count` emails in all). */
async function resetLink(address: string, count = 1): Promise<string> {
  const emails = await eventually(async () => {
    const found = (await emailsTo(address)).filter((e) => e.subject.startsWith("Reset your"));
    return found.length >= count ? found : undefined;
  });
  const text = emails.at(-1)?.body.text ?? "";
  const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(text)?.[1];
  expect(link).toBeDefined();
  return link as string;
}

const signIn = (tenantId: string, username: string, password: string) =>
  api<{ token?: string }>("POST", "/v1/sessions", { json: { tenantId, username, password } });

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("forgot password", () => {
  it("answers every request the same, no sooner than the floor, and emails only a verified account of a tenant that allows it", async () => {
    const open = await school(true);
    const closed = await school(false);
    const before = await runtime.deps().users.get(open.tenantId, open.verified.userId);
    const requests = [
      { tenantId: open.tenantId, login: open.verified.username },
      { tenantId: open.tenantId, login: open.verifiedEmail.toUpperCase() },
      { tenantId: open.tenantId, login: "nobody-here" },
      { tenantId: open.tenantId, login: `u.${open.tag}` },
      { tenantId: open.tenantId, login: `w.${open.tag}@reset.example` },
      { tenantId: closed.tenantId, login: closed.verified.username },
      { tenantId: "no-such-school", login: "anyone" },
    ];
    const answers = [];
    for (const json of requests) {
      const started = Date.now();
      const response = await api("POST", "/v1/password-resets", { json });
      answers.push({ status: response.status, body: response.text, ms: Date.now() - started });
    }
    for (const answer of answers) {
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: answers[0]?.status,
        body: answers[0]?.body,
      });
      expect(answer.ms).toBeGreaterThanOrEqual(resetRequestFloorMs);
    }
    expect(answers[0]?.status).toBe(202);

    // By username and by email: two links to the verified account; nothing to anyone else.
    await resetLink(open.verifiedEmail, 2);
    expect(await emailsTo(`w.${open.tag}@reset.example`)).toEqual([]);
    expect(await emailsTo(closed.verifiedEmail)).toEqual([]);
    // A request changed nothing on the account: same record, the old password still works.
    expect(await runtime.deps().users.get(open.tenantId, open.verified.userId)).toEqual(before);
    expect((await signIn(open.tenantId, open.verified.username, staffPassword)).status).toBe(201);
  });

  it("follows the emailed link: a page, a policy check, the new password, every session ended, a notice without secrets", async () => {
    const s = await school();
    const session = await signIn(s.tenantId, s.verified.username, staffPassword);
    const token = session.body.token as string;
    expect((await api("GET", "/v1/me", { token })).status).toBe(200);

    await api("POST", "/v1/password-resets", { json: { tenantId: s.tenantId, login: s.verified.username } });
    const link = await resetLink(s.verifiedEmail);
    // The configured base URL, not whatever Host the request came with.
    expect(link.startsWith(`${runtime.apiUrl}/reset-password?token=`)).toBe(true);
    const resetToken = new URL(link).searchParams.get("token") as string;

    const page = await get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Choose a new password for <b>${s.verified.username}</b>`);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");

    // A password the rules refuse, or two that differ: the form again, and the link still works.
    const weak = await api(
      "POST",
      "/reset-password",
      form({ token: resetToken, newPassword: "short", confirmPassword: "short" }),
    );
    expect(weak.status).toBe(422);
    expect(weak.text).toContain("at least 8 characters");
    const differ = await api(
      "POST",
      "/reset-password",
      form({ token: resetToken, newPassword: "a fine new passphrase", confirmPassword: "another one" }),
    );
    expect(differ.status).toBe(422);
    expect((await signIn(s.tenantId, s.verified.username, staffPassword)).status).toBe(201);

    const newPassword = "marmalade kettle orbit 7";
    const done = await api(
      "POST",
      "/reset-password",
      form({ token: resetToken, newPassword, confirmPassword: newPassword }),
    );
    expect(done.status).toBe(200);
    expect(done.text).toContain("was changed");
    // Not signed in by the reset: no session handed out.
    expect(done.headers.get("set-cookie")).toBeNull();
    expect(done.text).not.toContain("eyJ");

    expect((await api("GET", "/v1/me", { token })).status).toBe(401);
    expect((await signIn(s.tenantId, s.verified.username, staffPassword)).status).toBe(401);
    expect((await signIn(s.tenantId, s.verified.username, newPassword)).status).toBe(201);

    // Single use: the page and the form now say the link no longer works.
    const again = await get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain("expired or was already used");
    const reuse = await api("POST", "/v1/password-resets/complete", {
      json: { token: resetToken, newPassword: "yet another passphrase" },
    });
    expect(reuse.status).toBe(410);
    expect(reuse.headers.get("content-type")).toContain("application/problem+json");

    const notice = await eventually(async () =>
      (await emailsTo(s.verifiedEmail)).find((e) => e.subject.includes("password was changed")),
    );
    expect(notice.body.text).toContain(s.verified.username);
    expect(`${notice.body.text}${notice.body.html}`).not.toContain(resetToken);
    expect(`${notice.body.text}${notice.body.html}`).not.toContain(newPassword);

    const events = await api<{ items: { action: string }[] }>(
      "GET",
      `/v1/users/${s.verified.userId}/events`,
      {
        apiKey: s.apiKey,
      },
    );
    expect(events.body.items.map((e) => e.action)).toContain("password.reset-by-email");
  });

  it("voids an older link when a newer one is sent, and refuses a link past its 60 minutes or with another tenant's name", async () => {
    const s = await school();
    await api("POST", "/v1/password-resets", { json: { tenantId: s.tenantId, login: s.verified.username } });
    const first = await resetLink(s.verifiedEmail, 1);
    await api("POST", "/v1/password-resets", { json: { tenantId: s.tenantId, login: s.verified.username } });
    const second = await resetLink(s.verifiedEmail, 2);
    expect(second).not.toBe(first);
    expect((await get(first)).status).toBe(410);
    expect((await get(second)).status).toBe(200);

    // Another tenant's id in the token: not a link of any account.
    const [, user, secret] = (new URL(second).searchParams.get("token") as string).split(".");
    const forged = `${Buffer.from("someone-else").toString("base64url")}.${user}.${secret}`;
    expect((await get(`${runtime.apiUrl}/reset-password?token=${forged}`)).status).toBe(410);

    // A link issued 61 minutes ago (a fake clock for the request) has expired.
    const earlier = new Date(Date.now() - 61 * 60_000);
    const deps: Deps = { ...runtime.deps(), clock: { now: () => earlier, sleep: async () => undefined } };
    await requestPasswordReset(deps, {
      tenantId: s.tenantId,
      login: s.verified.username,
      sourceIp: "192.0.2.1",
    });
    const stale = await resetLink(s.verifiedEmail, 3);
    const expired = await get(stale);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("This link no longer works");
    // And it voided the second link, being newer.
    expect((await get(second)).status).toBe(410);
  });

  it("sends at most five reset emails per account in any hour; the sixth request gets the same answer and no email", async () => {
    const s = await school();
    const start = Date.now() + 3600_000;
    let now = start;
    const deps: Deps = {
      ...runtime.deps(),
      clock: { now: () => new Date(now), sleep: async () => undefined },
    };
    const queued = async () =>
      (await runtime.deps().emailDeliveries.list(s.tenantId, { limit: 50 })).items.filter(
        (e) => e.layoutId === "PASSWORD_EMAIL_CHANGE",
      ).length;
    for (let i = 0; i < 6; i++) {
      await requestPasswordReset(deps, {
        tenantId: s.tenantId,
        login: s.verified.username,
        sourceIp: "192.0.2.1",
      });
      now += 60_000;
    }
    expect(await queued()).toBe(5);
    // An hour after the first, one slot is free again.
    now = start + 3600_000 + 1000;
    await requestPasswordReset(deps, {
      tenantId: s.tenantId,
      login: s.verified.username,
      sourceIp: "192.0.2.1",
    });
    expect(await queued()).toBe(6);
  });
});

describe("reset emails to groups", () => {
  it("emails members with a verified email as a job, and lists the others for temporary passwords", async () => {
    const tenant = await createTestTenant(runtime);
    const tag = unique();
    const users = [
      { externalId: "A", username: `a.${tag}`, email: `a.${tag}@reset.example`, emailVerified: true },
      { externalId: "B", username: `b.${tag}`, email: `b.${tag}@reset.example`, emailVerified: true },
      { externalId: "C", username: `c.${tag}`, email: `c.${tag}@reset.example`, emailVerified: false },
      { externalId: "D", username: `d.${tag}` },
    ].map((u) => ({ ...u, forename: u.username, surname: "Member", userType: "staff" }));
    const imported = await api("POST", "/v1/roster", {
      apiKey: tenant.apiKey,
      json: {
        groups: [{ externalId: "G", name: "Staff room", type: "custom" }],
        users,
        memberships: users.map((u) => ({ groupExternalId: "G", userExternalId: u.externalId })),
      },
    });
    expect(imported.status).toBe(200);
    // A and B proved their addresses (a roster cannot say so: C's row claims it too, but was never proven).
    await verifyEmails(runtime, tenant.tenantId, ["A", "B"]);
    const groupId = (await runtime.deps().groups.idsByExternalId(tenant.tenantId, ["G"])).get("G") as string;

    const other = await createTestTenant(runtime);
    expect(
      (
        await api("POST", "/v1/password-reset-emails", {
          apiKey: other.apiKey,
          json: { groupIds: [groupId] },
        })
      ).status,
    ).toBe(404);

    const started = await api<{ jobId: string }>("POST", "/v1/password-reset-emails", {
      apiKey: tenant.apiKey,
      json: { groupIds: [groupId] },
    });
    expect(started.status).toBe(202);
    const job = await eventually(async () => {
      const r = await api<{ status: string }>("GET", `/v1/jobs/${started.body.jobId}`, {
        apiKey: tenant.apiKey,
      });
      return r.body.status === "completed" ? r.body : undefined;
    });
    expect(job).toMatchObject({ total: 4, processed: 4, skipped: 2, failed: 0 });

    await resetLink(`a.${tag}@reset.example`);
    await resetLink(`b.${tag}@reset.example`);
    expect(await emailsTo(`c.${tag}@reset.example`)).toEqual([]);

    const report = await api<{ rows: { username: string; reason: string }[]; emailed: number }>(
      "GET",
      `/v1/jobs/${started.body.jobId}/report`,
      { apiKey: tenant.apiKey },
    );
    expect(report.body.emailed).toBe(2);
    expect(report.body.rows.map((r) => [r.username, r.reason]).sort()).toEqual([
      [`c.${tag}`, "no verified email"],
      [`d.${tag}`, "no verified email"],
    ]);
    // No secret in it: it can be read again, and as CSV.
    const csv = await api("GET", `/v1/jobs/${started.body.jobId}/report?format=csv`, {
      apiKey: tenant.apiKey,
    });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`d.${tag},Staff room,no verified email`);
    expect((await api("GET", `/v1/jobs/${started.body.jobId}/report`, { apiKey: other.apiKey })).status).toBe(
      404,
    );
  });
});
