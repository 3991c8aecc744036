import { describe, expect, it } from "vitest";
import { deadLetterJobMessage, fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import { startRegeneration } from "../../../../lib/app/temporary-passwords/regenerate-passwords.js";
import type { FanOutMessage, WorkMessage } from "../../../../lib/ports/job-queue.js";
import { aUser, givePassword, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";
import { deliverAll } from "./deliver.js";

/** A regeneration over one class of `pupils` unclaimed pupils, started and not yet delivered. */
async function queuedRegeneration(pupils: number) {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "robins", name: "Robins" });
  for (let i = 0; i < pupils; i++) {
    const pupil = deps.users.seed(aUser({ tenantId, userType: "student", roles: ["pupil"] }));
    deps.groups.seedLink(tenantId, "member", "robins", pupil.userId);
  }
  const admin = deps.users.seed(aUser({ tenantId, roles: ["site-admin"] }));
  givePassword(deps, tenantId, admin.userId, "admin passphrase");
  const principal = userPrincipal(tenantId, admin.userId, ["site-admin"]);
  const start = () =>
    startRegeneration(
      deps,
      principal,
      { groupIds: ["robins"], password: "admin passphrase" },
      { chunkSize: 2 },
    );
  const job = await start();
  const fanOut = deps.jobQueue.takeFanOuts()[0] as FanOutMessage;
  const progress = () => deps.jobs.progress(tenantId, job.jobId);
  /** Whether the tenant's regeneration lock is free: another run can start. */
  const lockFree = () =>
    start().then(
      () => true,
      () => false,
    );
  return { deps, tenantId, job, fanOut, progress, lockFree };
}

describe("bulk job consumers", () => {
  it("complete a job over an empty cohort at fan-out, with its finishing steps", async () => {
    const r = await queuedRegeneration(0);
    await fanOutJob(r.deps, r.fanOut);
    expect(r.deps.jobQueue.works).toHaveLength(0);
    expect(await r.progress()).toMatchObject({
      status: "completed",
      total: 0,
      report: { status: "available" },
    });
    expect(await r.lockFree()).toBe(true);
  });

  it("count a dead-lettered chunk's rows as failed, and the job still ends with its finishing steps", async () => {
    const r = await queuedRegeneration(5);
    await fanOutJob(r.deps, r.fanOut);
    const [first, ...rest] = r.deps.jobQueue.takeWork() as [WorkMessage, ...WorkMessage[]];
    await deadLetterJobMessage(r.deps, first);
    for (const message of rest) await processJobChunk(r.deps, message);
    const job = await r.progress();
    expect(job).toMatchObject({ status: "completed_with_failures", total: 5, processed: 3, failed: 2 });
    expect((await r.deps.jobs.get(r.tenantId, r.job.jobId))?.errors).toEqual([
      { reason: "chunk 1.0 (2 rows) failed after repeated attempts" },
    ]);
    expect(await r.lockFree()).toBe(true);
    // A late redelivery of the dead chunk changes nothing.
    await processJobChunk(r.deps, first);
    expect(await r.progress()).toMatchObject({ processed: 3, failed: 2, chunksDone: 3 });
  });

  it("fail the job and free the tenant when the fan-out message itself is dead-lettered", async () => {
    const r = await queuedRegeneration(3);
    expect(await r.lockFree()).toBe(false);
    await deadLetterJobMessage(r.deps, r.fanOut);
    expect(await r.progress()).toMatchObject({ status: "failed" });
    expect(await r.lockFree()).toBe(true);
    expect(await r.deps.jobSecrets.get(r.tenantId, r.job.jobId)).toBeUndefined();
  });

  it("refuse a chunk whose stored rows expired, so the message is retried and then dead-lettered", async () => {
    const r = await queuedRegeneration(3);
    await fanOutJob(r.deps, r.fanOut);
    const [first] = r.deps.jobQueue.takeWork() as [WorkMessage];
    r.deps.clock.advance(15 * 24 * 3600 * 1000);
    await expect(processJobChunk(r.deps, first)).rejects.toThrow(/missing/);
    expect(await r.progress()).toMatchObject({ chunksDone: 0, processed: 0 });
  });

  it("plan once and count each chunk once however often (even at once) the fan-out message is delivered", async () => {
    const r = await queuedRegeneration(5);
    await Promise.all([fanOutJob(r.deps, r.fanOut), fanOutJob(r.deps, r.fanOut)]);
    await fanOutJob(r.deps, r.fanOut);
    const plan = (await r.deps.jobs.chunks(r.tenantId, r.job.jobId, 1)).flat();
    expect(plan).toHaveLength(5);
    expect(new Set(r.deps.jobQueue.works.map((w) => w.chunk)).size).toBe(3);
    await deliverAll(r.deps);
    expect(await r.progress()).toMatchObject({ status: "completed", processed: 5, chunksDone: 3 });
  });
});
