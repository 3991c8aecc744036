import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import type { Deps } from "../../lib/app/deps.js";
import { createUserWithPassword } from "../../lib/app/operator/operator.js";
import { resetEmailChunk } from "../../lib/app/password-resets/reset-email-job.js";
import { pupilPinChunk } from "../../lib/app/pupil-pins/pupil-pin-job.js";
import { startPupilPinJob } from "../../lib/app/pupil-pins/start-pupil-pin-job.js";
import {
  addUser,
  client,
  createTestTenant,
  eventually,
  sentEmails,
  staffPassword,
  startTestRuntime,
} from "./harness.js";

let runtime: LocalRuntime;

// No pollers: the test runs the job's chunk itself, to stage a teacher's change at the worst moment.
beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

async function pupils(tenantId: string, count: number) {
  const deps = runtime.deps();
  const made = [];
  for (let i = 1; i <= count; i++) {
    made.push(
      await createUserWithPassword(deps, {
        tenantId,
        username: `pupil${i}`,
        forename: `Child${i}`,
        surname: "Pupil",
        userType: "student",
        roles: ["pupil"],
        password: staffPassword,
      }),
    );
  }
  return made.map((u) => u.userId);
}

const teacherPin = (deps: Deps, tenantId: string, userId: string, pin: string) =>
  deps.hasher.hash(pin).then((hash) =>
    deps.pupilPins.put(tenantId, userId, {
      hash,
      status: "changed",
      source: "chosen",
      changedAt: new Date().toISOString(),
      changedBy: "user:teacher",
    }),
  );

describe("a random-PIN job on DynamoDB and a teacher's change made meanwhile", () => {
  it("keeps the teacher's PIN written between the chunk's read and its write, and counts it skipped", async () => {
    const { tenantId } = await createTestTenant(runtime);
    const deps = runtime.deps();
    const [ann, bob, cat] = (await pupils(tenantId, 3)) as [string, string, string];
    // Every pupil has an older PIN (before the job).
    for (const userId of [ann, bob, cat]) {
      await deps.pupilPins.put(tenantId, userId, {
        hash: await deps.hasher.hash("0105"),
        status: "default",
        source: "birthday",
        changedAt: "2025-01-01T00:00:00.000Z",
        changedBy: "user:system",
      });
    }
    const job = await startPupilPinJob(deps, {
      tenantId,
      createdBy: "user:teacher",
      groups: [{ groupId: "robins", name: "Robins" }],
      mode: "random",
      pinLength: 6,
      birthday: false,
    });
    // Bob's teacher sets his PIN after the job started; Ann's teacher does it just after the chunk read hers.
    await teacherPin(deps, tenantId, bob, "583920");
    let raced = false;
    const racing: Deps = {
      ...deps,
      pupilPins: {
        ...deps.pupilPins,
        get: deps.pupilPins.get.bind(deps.pupilPins),
        put: deps.pupilPins.put.bind(deps.pupilPins),
        writeIfUnchanged: deps.pupilPins.writeIfUnchanged.bind(deps.pupilPins),
        statusesOf: async (t, ids) => {
          const read = await deps.pupilPins.statusesOf(t, ids);
          if (!raced) {
            raced = true;
            await teacherPin(deps, tenantId, ann, "739164");
          }
          return read;
        },
      },
    };
    const rows = [ann, bob, cat].map((userId) => ({ userId, groupId: "robins" }));
    const result = await pupilPinChunk(racing, job, rows);
    expect(raced).toBe(true);
    expect(result).toMatchObject({ processed: 3, skipped: 2 });
    const after = await deps.pupilPins.statusesOf(tenantId, [ann, bob, cat]);
    expect(after.get(ann)?.changedBy).toBe("user:teacher");
    expect(after.get(bob)?.changedBy).toBe("user:teacher");
    expect(after.get(cat)?.generation).toBe(job.jobId);
    const annPin = await deps.pupilPins.get(tenantId, ann);
    expect(await deps.hasher.verify(annPin?.hash ?? "", "739164")).toBe(true);
    // A redelivery of the chunk writes nothing more and still counts Cat's PIN as its own.
    expect(await pupilPinChunk(deps, job, rows)).toMatchObject({ processed: 3, skipped: 2 });
    expect((await deps.pupilPins.get(tenantId, ann))?.hash).toBe(annPin?.hash);
  });
});

describe("a group reset-email chunk that stored the link but never queued the email", () => {
  it("queues it on redelivery: the member gets exactly one email, and its link works", async () => {
    const api = client(runtime);
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const deps = runtime.deps();
    const address = `amy.${tenantId}@home.example`;
    const amy = await addUser(runtime, tenantId, "amy", ["staff"], address);
    const { groupId } = await deps.groups.upsertFromRoster(
      tenantId,
      { externalId: "G", name: "Staff room", type: "custom" },
      new Date(),
    );
    await deps.groups.link(tenantId, "member", groupId, amy.userId);
    const started = await api("POST", "/v1/password-reset-emails", { apiKey, json: { groupIds: [groupId] } });
    expect(started.status).toBe(202);
    const job = await eventually(async () => deps.jobs.progress(tenantId, started.body.jobId as string));
    // The first delivery stores the link, then dies before the email is queued.
    const crashing = {
      ...deps,
      outbox: {
        enqueue: async () => {
          throw new Error("the function timed out");
        },
        defer: async () => undefined,
      },
    };
    await expect(resetEmailChunk(crashing, job, [{ userId: amy.userId, groupId }])).rejects.toThrow(
      /timed out/,
    );
    expect((await deps.passwordResets.get(tenantId, amy.userId))?.issuedByJob).toBe(job.jobId);
    // The queue now runs the job (fan-out and the chunk's delivery) and the email consumer.
    runtime.startPollers();
    const finished = await eventually(async () => {
      const r = await api("GET", `/v1/jobs/${job.jobId}`, { apiKey });
      return r.body.status === "completed" ? r.body : undefined;
    });
    expect(finished).toMatchObject({ processed: 1, skipped: 0, failed: 0 });
    const emails = await eventually(async () => {
      const found = (await sentEmails(runtime)).filter((e) => (e.destination?.to ?? []).includes(address));
      return found.length > 0 ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 3000));
    expect(
      (await sentEmails(runtime)).filter((e) => (e.destination?.to ?? []).includes(address)),
    ).toHaveLength(1);
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(emails[0]?.body.text ?? "")?.[1] as string;
    const page = await fetch(link);
    expect(page.status).toBe(200);
  });
});
