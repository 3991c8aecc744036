import { describe, expect, it } from "vitest";
import {
  checkVerificationLink,
  completeEmailVerification,
  requestEmailVerification,
  requestOwnEmailVerification,
} from "../../../../lib/app/email-verifications/email-verification.js";
import {
  startVerificationEmails,
  verificationEmailChunk,
} from "../../../../lib/app/email-verifications/verification-email-job.js";
import { deliverEmails } from "../../../../lib/app/emails/send-email.js";
import { fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  TooManyAttemptsError,
} from "../../../../lib/domain/errors.js";
import type { Job } from "../../../../lib/domain/job.js";
import type { Principal } from "../../../../lib/domain/permissions.js";
import { aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

/** A tenant with a member whose address is not verified, in a group, and a site admin. */
function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "parents", name: "Parents" });
  const member = deps.users.seed(aUser({ tenantId, email: "pat@home.example", emailVerified: false }));
  const admin = userPrincipal(tenantId, deps.users.seed(aUser({ tenantId, roles: ["site-admin"] })).userId, [
    "site-admin",
  ]);
  const key: Principal = { kind: "api-key", tenantId, keyId: "mis" };
  /** The token of the newest confirmation email queued so far. */
  const sentToken = async () => {
    await deliverEmails(deps, deps.outbox.queued.splice(0));
    const email = deps.mailer.sent.at(-1) as { layoutId: string; values: Record<string, string> };
    expect(email.layoutId).toBe("EMAIL_VERIFICATION");
    return new URL(email.values.VERIFY_LINK as string).searchParams.get("token") as string;
  };
  return { deps, tenantId, member, admin, key, sentToken };
}

describe("asking for a confirmation link", () => {
  it("sends one to the user's address, for an admin or the MIS's key; opening it changes nothing", async () => {
    const s = school();
    for (const principal of [s.admin, s.key]) {
      await expect(requestEmailVerification(s.deps, principal, s.member.userId)).resolves.toEqual({
        status: "sent",
        email: "pat@home.example",
      });
    }
    const token = await s.sentToken();
    expect(s.deps.mailer.sent.map((e) => e.to)).toEqual(["pat@home.example", "pat@home.example"]);
    await expect(checkVerificationLink(s.deps, token)).resolves.toMatchObject({ email: "pat@home.example" });
    expect((await s.deps.users.get(s.tenantId, s.member.userId))?.emailVerified).toBe(false);
  });

  it("is refused to roles without the permission, for unknown users, addresses already verified and after five an hour", async () => {
    const s = school();
    const teacher = userPrincipal(s.tenantId, "t1", ["class-teacher"]);
    await expect(requestEmailVerification(s.deps, teacher, s.member.userId)).rejects.toThrow(ForbiddenError);
    await expect(requestEmailVerification(s.deps, s.admin, "nobody")).rejects.toThrow(/User/);
    const noEmail = s.deps.users.seed(aUser({ tenantId: s.tenantId }));
    await expect(requestEmailVerification(s.deps, s.admin, noEmail.userId)).rejects.toThrow(ConflictError);
    for (let i = 0; i < 5; i++) await requestEmailVerification(s.deps, s.admin, s.member.userId);
    await expect(requestEmailVerification(s.deps, s.admin, s.member.userId)).rejects.toThrow(
      TooManyAttemptsError,
    );
    expect(s.deps.outbox.queued).toHaveLength(5);
    const token = await s.sentToken();
    await completeEmailVerification(s.deps, token);
    s.deps.clock.advance(3600_000);
    await expect(requestEmailVerification(s.deps, s.admin, s.member.userId)).rejects.toThrow(
      /already verified/,
    );
  });

  it("lets a signed-in person ask for their own address, never an API key", async () => {
    const s = school();
    const me = userPrincipal(s.tenantId, s.member.userId, ["pupil"]);
    await expect(requestOwnEmailVerification(s.deps, me)).resolves.toMatchObject({ status: "sent" });
    await expect(requestOwnEmailVerification(s.deps, s.key)).rejects.toThrow(/Signed-in user/);
  });
});

describe("following the link", () => {
  it("verifies the address and its identity link, once; an older link stops working when a newer one is sent", async () => {
    const s = school();
    await requestEmailVerification(s.deps, s.admin, s.member.userId);
    const first = await s.sentToken();
    await requestEmailVerification(s.deps, s.admin, s.member.userId);
    const second = await s.sentToken();
    await expect(completeEmailVerification(s.deps, first)).rejects.toThrow(GoneError);
    await expect(completeEmailVerification(s.deps, second)).resolves.toEqual({
      username: s.member.username,
      email: "pat@home.example",
    });
    expect((await s.deps.users.get(s.tenantId, s.member.userId))?.emailVerified).toBe(true);
    expect((await s.deps.users.identityLinks("pat@home.example"))[0]?.verified).toBe(true);
    await expect(completeEmailVerification(s.deps, second)).rejects.toThrow(GoneError);
    const events = await s.deps.audit.forUser(s.tenantId, s.member.userId, { limit: 10 });
    expect(events.items.map((e) => e.action)).toContain("email.verified");
  });

  it("proves only the address it was sent to: after a change of address it verifies nothing", async () => {
    const s = school();
    await requestEmailVerification(s.deps, s.admin, s.member.userId);
    const token = await s.sentToken();
    s.deps.users.seed({ ...s.member, email: "someone@else.example", emailVerified: false });
    await expect(completeEmailVerification(s.deps, token)).rejects.toThrow(/no longer has/);
    expect(await s.deps.users.get(s.tenantId, s.member.userId)).toMatchObject({
      email: "someone@else.example",
      emailVerified: false,
    });
  });

  it("expires after 72 hours, and two confirmations at once verify once", async () => {
    const s = school();
    await requestEmailVerification(s.deps, s.admin, s.member.userId);
    const old = await s.sentToken();
    s.deps.clock.advance(72 * 3600_000);
    await expect(checkVerificationLink(s.deps, old)).rejects.toThrow(GoneError);
    await requestEmailVerification(s.deps, s.admin, s.member.userId);
    const token = await s.sentToken();
    const results = await Promise.allSettled([
      completeEmailVerification(s.deps, token),
      completeEmailVerification(s.deps, token),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("refuses tokens that are not ours, and a reset link's token", async () => {
    const s = school();
    for (const bad of [
      "",
      "x.y.z",
      `${Buffer.from(s.tenantId).toString("base64url")}.bad.${"A".repeat(43)}`,
    ]) {
      await expect(checkVerificationLink(s.deps, bad)).rejects.toThrow(GoneError);
    }
  });
});

describe("the group job", () => {
  async function started() {
    const s = school();
    const verified = s.deps.users.seed(
      aUser({ tenantId: s.tenantId, email: "v@home.example", emailVerified: true }),
    );
    const none = s.deps.users.seed(aUser({ tenantId: s.tenantId }));
    await s.deps.groups.linkMany(
      s.tenantId,
      [s.member, verified, none].map((u) => ({
        kind: "member" as const,
        groupId: "parents",
        userId: u.userId,
      })),
    );
    const job = await startVerificationEmails(s.deps, s.key, { groupIds: ["parents"] });
    for (const message of s.deps.jobQueue.takeFanOuts()) await fanOutJob(s.deps, message);
    return { ...s, job, work: s.deps.jobQueue.takeWork(), none };
  }

  it("emails only the unverified members with an address, and sends one email when a chunk is delivered twice", async () => {
    const s = await started();
    for (const message of [...s.work, ...s.work]) await processJobChunk(s.deps, message);
    const job = (await s.deps.jobs.progress(s.tenantId, s.job.jobId)) as Job;
    expect(job).toMatchObject({ status: "completed", total: 3, processed: 3, skipped: 2 });
    const token = await s.sentToken();
    expect(s.deps.mailer.sent.map((e) => e.to)).toEqual(["pat@home.example"]);
    await completeEmailVerification(s.deps, token);
    expect((await s.deps.users.get(s.tenantId, s.member.userId))?.emailVerified).toBe(true);
  });

  it("sends one email when two deliveries of a chunk run at once", async () => {
    const s = await started();
    const job = (await s.deps.jobs.progress(s.tenantId, s.job.jobId)) as Job;
    const rows = [{ userId: s.member.userId, groupId: "parents" }];
    const results = await Promise.all([
      verificationEmailChunk(s.deps, job, rows),
      verificationEmailChunk(s.deps, job, rows),
    ]);
    expect(results.map((r) => r.skipped)).toEqual([0, 0]);
    await deliverEmails(s.deps, s.deps.outbox.queued.splice(0));
    expect(s.deps.mailer.sent).toHaveLength(1);
  });
});
