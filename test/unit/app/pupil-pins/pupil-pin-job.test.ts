import { describe, expect, it } from "vitest";
import { fanOutJob, processJobChunk } from "../../../../lib/app/jobs/run-job.js";
import { changePupilPin, randomiseClassPins } from "../../../../lib/app/pupil-pins/pupil-pins.js";
import { defaultEarlyYearsSettings } from "../../../../lib/domain/pupil-pin.js";
import { aUser, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { fakeDeps, fakeHashOf } from "../../../fakes/index.js";

/** Robins (Reception) with two pupils who have default PINs, and their class teacher. */
async function robins() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({
    tenantId,
    hasClassTeacherLinks: true,
    earlyYears: { ...defaultEarlyYearsSettings, enabled: true, yearGroupIds: ["reception"], minLength: 4 },
  });
  deps.groups.seed({ tenantId, groupId: "reception", name: "Reception", type: "year-group" });
  deps.groups.seed({ tenantId, groupId: "robins", name: "Robins", yearGroup: "Reception" });
  const pupils = ["ann.a", "bob.b"].map((username) =>
    deps.users.seed(aUser({ tenantId, username, userType: "student", roles: ["pupil"] })),
  );
  for (const pupil of pupils) {
    await deps.groups.linkMany(tenantId, [
      { kind: "member", groupId: "reception", userId: pupil.userId },
      { kind: "member", groupId: "robins", userId: pupil.userId },
    ]);
    await deps.pupilPins.put(tenantId, pupil.userId, {
      hash: fakeHashOf("0105"),
      status: "default",
      source: "birthday",
      changedAt: "2025-01-01T00:00:00.000Z",
      changedBy: "user:system",
    });
  }
  const teacherUser = deps.users.seed(aUser({ tenantId, roles: ["class-teacher"] }));
  deps.groups.seedLink(tenantId, "teacher", "robins", teacherUser.userId);
  const teacher = userPrincipal(tenantId, teacherUser.userId, ["class-teacher"]);
  const [ann, bob] = pupils as [(typeof pupils)[0], (typeof pupils)[0]];
  /** Starts the class's random-PIN job and runs its fan-out; the work messages wait in the fake queue. */
  const startRandomJob = async () => {
    const job = await randomiseClassPins(deps, teacher, "robins", {});
    for (const message of deps.jobQueue.takeFanOuts()) await fanOutJob(deps, message);
    return job;
  };
  const runWork = async () => {
    for (const message of deps.jobQueue.takeWork()) await processJobChunk(deps, message);
  };
  return { deps, tenantId, ann, bob, teacher, startRandomJob, runWork };
}

describe("pupilPinChunk (random PINs for a class) and a teacher's change made meanwhile", () => {
  it("keeps a PIN the teacher changed after the job started and counts it as skipped", async () => {
    const s = await robins();
    const job = await s.startRandomJob();
    s.deps.clock.advance(1000);
    await changePupilPin(s.deps, s.teacher, s.ann.userId, { pin: "4807" });
    await s.runWork();
    expect((await s.deps.pupilPins.get(s.tenantId, s.ann.userId))?.hash).toBe(fakeHashOf("4807"));
    expect((await s.deps.pupilPins.get(s.tenantId, s.bob.userId))?.generation).toBe(job.jobId);
    expect(await s.deps.jobs.get(s.tenantId, job.jobId)).toMatchObject({ processed: 2, skipped: 1 });
  });

  it("keeps a PIN the teacher changed after the job was asked for but before it started", async () => {
    const s = await robins();
    s.deps.clock.advance(1000);
    const job = await randomiseClassPins(s.deps, s.teacher, "robins", {});
    s.deps.clock.advance(1000);
    await changePupilPin(s.deps, s.teacher, s.ann.userId, { pin: "4807" });
    s.deps.clock.advance(1000);
    for (const message of s.deps.jobQueue.takeFanOuts()) await fanOutJob(s.deps, message);
    await s.runWork();
    expect((await s.deps.pupilPins.get(s.tenantId, s.ann.userId))?.hash).toBe(fakeHashOf("4807"));
    expect(await s.deps.jobs.get(s.tenantId, job.jobId)).toMatchObject({ processed: 2, skipped: 1 });
  });

  it("keeps a PIN the teacher changed between the job's read and its write", async () => {
    const s = await robins();
    const job = await s.startRandomJob();
    const read = s.deps.pupilPins.statusesOf.bind(s.deps.pupilPins);
    let raced = false;
    s.deps.pupilPins.statusesOf = async (tenantId, ids) => {
      const statuses = await read(tenantId, ids);
      if (!raced) {
        raced = true;
        // The teacher saves a new PIN in the same millisecond the job reads (the clock does not move).
        await changePupilPin(s.deps, s.teacher, s.ann.userId, { pin: "4807" });
      }
      return statuses;
    };
    await s.runWork();
    expect(raced).toBe(true);
    expect((await s.deps.pupilPins.get(s.tenantId, s.ann.userId))?.hash).toBe(fakeHashOf("4807"));
    expect((await s.deps.pupilPins.get(s.tenantId, s.bob.userId))?.generation).toBe(job.jobId);
    expect(await s.deps.jobs.get(s.tenantId, job.jobId)).toMatchObject({ processed: 2, skipped: 1 });
  });

  it("replaces PINs set before the job started, and a redelivered chunk counts its own PINs as written", async () => {
    const s = await robins();
    const job = await s.startRandomJob();
    const work = s.deps.jobQueue.takeWork();
    for (const message of [...work, ...work]) await processJobChunk(s.deps, message);
    for (const pupil of [s.ann, s.bob]) {
      expect((await s.deps.pupilPins.get(s.tenantId, pupil.userId))?.generation).toBe(job.jobId);
    }
    const after = await s.deps.jobs.get(s.tenantId, job.jobId);
    expect(after?.processed).toBeGreaterThanOrEqual(2);
    expect(after?.skipped ?? 0).toBe(0);
  });
});
