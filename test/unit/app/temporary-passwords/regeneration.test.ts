import { describe, expect, it } from "vitest";
import type { CohortRow } from "../../../../lib/app/jobs/cohort.js";
import { fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import { signIn } from "../../../../lib/app/sessions/sign-in.js";
import { retrievePasswordReport } from "../../../../lib/app/temporary-passwords/password-report.js";
import {
  previewRegeneration,
  startRegeneration,
} from "../../../../lib/app/temporary-passwords/regenerate-passwords.js";
import { regenerateChunk } from "../../../../lib/app/temporary-passwords/regeneration-job.js";
import { AuthenticationError, ConflictError } from "../../../../lib/domain/errors.js";
import type { Job } from "../../../../lib/domain/job.js";
import type { User } from "../../../../lib/domain/model.js";
import { temporaryPasswordAad } from "../../../../lib/domain/temporary-password.js";
import type { WorkMessage } from "../../../../lib/ports/job-queue.js";
import { aUser, givePassword, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";
import { deliverAll } from "../jobs/deliver.js";

const adminPassword = "admin's own passphrase";

/** The one message sent. */
function single<T>(messages: T[]): T {
  expect(messages).toHaveLength(1);
  return messages[0] as T;
}

/**
 * Two year groups: Year 3 holds two unclaimed pupils, one who set their own password and one also in Year 4;
 * Year 4 holds that shared pupil, a disabled pupil and one more unclaimed pupil. A site admin runs regenerations.
 */
function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "y3", name: "Year 3", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "y4", name: "Year 4", type: "year-group" });
  const pupil = (userId: string, fields: Partial<User> = {}) =>
    deps.users.seed(
      aUser({ tenantId, userId, username: userId, userType: "student", roles: ["pupil"], ...fields }),
    );
  for (const userId of ["amy", "ben", "dan", "fin"]) pupil(userId);
  pupil("cat", { claimedAt: "2025-03-01T00:00:00.000Z" });
  pupil("eve", { status: "disabled" });
  givePassword(deps, tenantId, "cat", "cat's own password");
  for (const userId of ["amy", "ben", "cat", "dan"]) deps.groups.seedLink(tenantId, "member", "y3", userId);
  for (const userId of ["dan", "eve", "fin"]) deps.groups.seedLink(tenantId, "member", "y4", userId);
  const admin = deps.users.seed(
    aUser({ tenantId, roles: ["site-admin"], claimedAt: "2025-01-02T00:00:00.000Z" }),
  );
  givePassword(deps, tenantId, admin.userId, adminPassword);
  const principal = userPrincipal(tenantId, admin.userId, ["site-admin"]);
  const start = (groupIds = ["y3", "y4"], password = adminPassword) =>
    startRegeneration(deps, principal, { groupIds, password }, { chunkSize: 2 });
  /** The plain temporary password a user holds now, if any. */
  const passwordOf = async (userId: string) => {
    const credential = await deps.temporaryPasswords.get(tenantId, userId);
    if (!credential) return undefined;
    const aad = temporaryPasswordAad(tenantId, userId, credential.generation);
    return { generation: credential.generation, password: await deps.secretBox.open(credential.sealed, aad) };
  };
  return { deps, tenantId, principal, start, passwordOf };
}

describe("password regeneration", () => {
  it("previews only unclaimed active users, each once, under the first selected group", async () => {
    const s = school();
    const preview = await previewRegeneration(s.deps, s.principal, ["y3", "y4"]);
    expect(preview).toEqual({
      users: 4,
      groups: [
        { groupId: "y3", name: "Year 3", members: 4, selectedUnclaimed: 3 },
        { groupId: "y4", name: "Year 4", members: 3, selectedUnclaimed: 1 },
      ],
    });
  });

  it("plans every selected member once, in chunks, and regenerates only the unclaimed active ones", async () => {
    const s = school();
    const job = await s.start();
    expect(job.status).toBe("queued");
    const fanOut = single(s.deps.jobQueue.takeFanOuts());
    await fanOutJob(s.deps, fanOut);
    const plan = (await s.deps.jobs.chunks(s.tenantId, job.jobId, 1)).flat();
    expect(plan).toEqual([
      { userId: "amy", groupId: "y3" },
      { userId: "ben", groupId: "y3" },
      { userId: "cat", groupId: "y3" },
      { userId: "dan", groupId: "y3" },
      { userId: "eve", groupId: "y4" },
      { userId: "fin", groupId: "y4" },
    ]);
    expect(s.deps.jobQueue.works.map((w) => [w.chunk, w.rows])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    await deliverAll(s.deps);

    const done = await s.deps.jobs.progress(s.tenantId, job.jobId);
    expect(done).toMatchObject({ status: "completed", total: 6, processed: 6, skipped: 2, failed: 0 });
    for (const userId of ["amy", "ben", "dan", "fin"]) {
      expect((await s.passwordOf(userId))?.generation, userId).toBe(job.jobId);
    }
    expect(await s.passwordOf("cat")).toBeUndefined();
    expect(await s.passwordOf("eve")).toBeUndefined();
    const events = s.deps.audit.all().filter((e) => e.action === "temporary-password.regenerated");
    expect(events.map((e) => e.userId).sort()).toEqual(["amy", "ben", "dan", "fin"]);
    // The job's end: the report opens, the job key is forgotten, the lock is free again.
    expect(done?.report?.status).toBe("available");
    expect(await s.deps.jobSecrets.get(s.tenantId, job.jobId)).toBeUndefined();
    await expect(s.start(["y4"])).resolves.toMatchObject({ status: "queued" });
  });

  it("does nothing twice for redelivered messages: the same passwords, counted once", async () => {
    const s = school();
    const job = await s.start();
    const fanOut = single(s.deps.jobQueue.takeFanOuts());
    await fanOutJob(s.deps, fanOut);
    await fanOutJob(s.deps, fanOut);
    const works = s.deps.jobQueue.takeWork();
    expect(works).toHaveLength(3);
    const first = works[0] as WorkMessage;
    await processJobChunk(s.deps, first);
    const before = { amy: await s.passwordOf("amy"), ben: await s.passwordOf("ben") };
    await processJobChunk(s.deps, first);
    for (const message of works) await processJobChunk(s.deps, message);
    for (const message of works) await processJobChunk(s.deps, message);
    expect(await s.passwordOf("amy")).toEqual(before.amy);
    expect(await s.passwordOf("ben")).toEqual(before.ben);
    expect(await s.deps.jobs.progress(s.tenantId, job.jobId)).toMatchObject({
      status: "completed",
      processed: 6,
      chunksDone: 3,
    });
  });

  it("re-creates the same passwords when a chunk is retried after writing them but before being counted", async () => {
    const s = school();
    const job = await s.start();
    const fanOut = single(s.deps.jobQueue.takeFanOuts());
    await fanOutJob(s.deps, fanOut);
    const [first, ...rest] = s.deps.jobQueue.takeWork() as [WorkMessage, ...WorkMessage[]];
    // The first delivery writes the chunk's passwords, then dies before recording the chunk as done.
    const planned = await s.deps.jobs.progress(s.tenantId, job.jobId);
    const rows = await s.deps.jobs.getChunk(s.tenantId, job.jobId, 1, 0, s.deps.clock.now());
    await regenerateChunk(s.deps, planned as Job, rows as CohortRow[]);
    const written = { amy: await s.passwordOf("amy"), ben: await s.passwordOf("ben") };
    expect(written.amy?.password).toBeDefined();
    await processJobChunk(s.deps, first);
    for (const message of rest) await processJobChunk(s.deps, message);
    expect(await s.passwordOf("amy")).toEqual(written.amy);
    expect(await s.passwordOf("ben")).toEqual(written.ben);
    expect(await s.deps.jobs.progress(s.tenantId, job.jobId)).toMatchObject({
      status: "completed",
      processed: 6,
    });
  });

  it("leaves alone a user who set their own password after the plan was made", async () => {
    const s = school();
    const job = await s.start();
    const fanOut = single(s.deps.jobQueue.takeFanOuts());
    await fanOutJob(s.deps, fanOut);
    givePassword(s.deps, s.tenantId, "amy", "amy chose this one");
    await s.deps.users.markClaimed(s.tenantId, "amy", s.deps.clock.now());
    await deliverAll(s.deps);
    expect(await s.passwordOf("amy")).toBeUndefined();
    expect(await s.deps.jobs.progress(s.tenantId, job.jobId)).toMatchObject({ processed: 6, skipped: 3 });
    await expect(
      signIn(s.deps, {
        tenantId: s.tenantId,
        username: "amy",
        password: "amy chose this one",
        sourceIp: "192.0.2.1",
      }),
    ).resolves.toMatchObject({ kind: "session" });
  });

  it("keeps the own password of a user who claims between the chunk's read and its write, and voids their row", async () => {
    const s = school();
    const job = await s.start();
    const statesOf = s.deps.users.statesOf.bind(s.deps.users);
    // Amy sets her own password in the instant after the work consumer read her state.
    s.deps.users.statesOf = async (tenantId, userIds) => {
      const states = await statesOf(tenantId, userIds);
      if (userIds.includes("amy")) {
        givePassword(s.deps, s.tenantId, "amy", "amy chose this one");
        await s.deps.users.markClaimed(s.tenantId, "amy", s.deps.clock.now());
      }
      return states;
    };
    await deliverAll(s.deps);
    const written = await s.passwordOf("amy");
    expect(written?.generation).toBe(job.jobId);
    await expect(
      signIn(s.deps, {
        tenantId: s.tenantId,
        username: "amy",
        password: "amy chose this one",
        sourceIp: "192.0.2.1",
      }),
    ).resolves.toMatchObject({ kind: "session" });
    await expect(
      signIn(s.deps, {
        tenantId: s.tenantId,
        username: "amy",
        password: written?.password as string,
        sourceIp: "192.0.2.1",
      }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const report = await retrievePasswordReport(s.deps, s.principal, job.jobId);
    const amy = report.rows.find((r) => r.username === "amy");
    expect(amy?.password).toBeUndefined();
    expect(amy?.void).toBeDefined();
    expect(report.rows.find((r) => r.username === "ben")?.password).toBe(
      (await s.passwordOf("ben"))?.password,
    );
  });

  it("refuses a second run while one is running, and a wrong admin password before anything is recorded", async () => {
    const s = school();
    await expect(s.start(["y3"], "not my password")).rejects.toBeInstanceOf(AuthenticationError);
    expect(s.deps.jobQueue.fanOuts).toHaveLength(0);
    const job = await s.start(["y3"]);
    await expect(s.start(["y4"])).rejects.toBeInstanceOf(ConflictError);
    await deliverAll(s.deps);
    expect((await s.deps.jobs.progress(s.tenantId, job.jobId))?.status).toBe("completed");
    await expect(s.start(["y4"])).resolves.toMatchObject({ status: "queued" });
  });
});
