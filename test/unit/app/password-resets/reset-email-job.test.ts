import { describe, expect, it } from "vitest";
import { deliverEmails } from "../../../../lib/app/emails/send-email.js";
import { fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import { checkResetLink } from "../../../../lib/app/password-resets/password-reset.js";
import { resetEmailChunk, startResetEmails } from "../../../../lib/app/password-resets/reset-email-job.js";
import type { Job } from "../../../../lib/domain/job.js";
import { aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

/** A group with one member who has a verified email, and a site admin who emails the group reset links. */
async function group() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "year7", name: "Year 7" });
  const member = deps.users.seed(aUser({ tenantId, email: "amy@home.example", emailVerified: true }));
  await deps.groups.linkMany(tenantId, [{ kind: "member", groupId: "year7", userId: member.userId }]);
  const admin = userPrincipal(tenantId, deps.users.seed(aUser({ tenantId, roles: ["site-admin"] })).userId, [
    "site-admin",
  ]);
  const start = async () => {
    const job = await startResetEmails(deps, admin, { groupIds: ["year7"] });
    for (const message of deps.jobQueue.takeFanOuts()) await fanOutJob(deps, message);
    return { job, work: deps.jobQueue.takeWork() };
  };
  const linkOf = (email: { values: Record<string, string> }) =>
    new URL(email.values.RESET_LINK as string).searchParams.get("token") as string;
  return { deps, tenantId, member, start, linkOf };
}

describe("resetEmailChunk on redelivery", () => {
  it("queues the email again when the link was stored but the email never queued, and it works", async () => {
    const g = await group();
    const { work } = await g.start();
    const enqueue = g.deps.outbox.enqueue.bind(g.deps.outbox);
    let crashed = false;
    g.deps.outbox.enqueue = async (message) => {
      if (!crashed) {
        crashed = true;
        throw new Error("the function timed out before the email was queued");
      }
      return enqueue(message);
    };
    for (const message of work) await expect(processJobChunk(g.deps, message)).rejects.toThrow(/timed out/);
    expect(g.deps.outbox.queued).toHaveLength(0);
    // SQS delivers the chunk again.
    for (const message of work) await processJobChunk(g.deps, message);
    expect(g.deps.outbox.queued.map((m) => m.to)).toEqual(["amy@home.example"]);
    await deliverEmails(g.deps, g.deps.outbox.queued);
    expect(g.deps.mailer.sent).toHaveLength(1);
    const token = g.linkOf(g.deps.mailer.sent[0] as { values: Record<string, string> });
    await expect(checkResetLink(g.deps, token)).resolves.toMatchObject({ userId: g.member.userId });
  });

  it("sends one email when the chunk is delivered twice", async () => {
    const g = await group();
    const { work } = await g.start();
    // Two deliveries of the same chunk, both before it was marked done (the second while the first's email waits).
    const job = (await g.deps.jobs.progress(g.tenantId, work[0]?.jobId as string)) as Job;
    const rows = [{ userId: g.member.userId, groupId: "year7" }];
    await resetEmailChunk(g.deps, job, rows);
    await deliverEmails(g.deps, g.deps.outbox.queued.splice(0));
    await resetEmailChunk(g.deps, job, rows);
    await deliverEmails(g.deps, g.deps.outbox.queued.splice(0));
    expect(g.deps.mailer.sent).toHaveLength(1);
    const token = g.linkOf(g.deps.mailer.sent[0] as { values: Record<string, string> });
    await expect(checkResetLink(g.deps, token)).resolves.toMatchObject({ userId: g.member.userId });
  });

  it("counts the member emailed, and sends one email, when two deliveries of the chunk run at once", async () => {
    const g = await group();
    const { work } = await g.start();
    const job = (await g.deps.jobs.progress(g.tenantId, work[0]?.jobId as string)) as Job;
    const rows = [{ userId: g.member.userId, groupId: "year7" }];
    const results = await Promise.all([
      resetEmailChunk(g.deps, job, rows),
      resetEmailChunk(g.deps, job, rows),
    ]);
    expect(results.map((r) => r.skipped)).toEqual([0, 0]);
    await deliverEmails(g.deps, g.deps.outbox.queued.splice(0));
    expect(g.deps.mailer.sent).toHaveLength(1);
  });
});
