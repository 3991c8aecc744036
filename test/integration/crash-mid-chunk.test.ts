import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { retrievePasswordReport } from "../../lib/app/temporary-passwords/password-report.js";
import { startRegeneration } from "../../lib/app/temporary-passwords/regenerate-passwords.js";
import type { FanOutMessage } from "../../lib/ports/job-queue.js";
import { userPrincipal } from "../fakes/builders.js";
import { crashing, runToEnd } from "../fakes/crash-points.js";
import { FakeJobQueue } from "../fakes/job-queue.js";
import { client, createTestTenant, staffPassword, startTestRuntime } from "./harness.js";

/**
 * The crash-mid-chunk property of `test/unit/app/jobs/crash-mid-chunk.test.ts` (100 runs on fakes), on the real
 * adapters and DynamoDB Local — the chunk-done transaction, conditional phase and finish writes — in 8 seeded
 * runs. Only the queue is played by the test (it decides redelivery), so a crash can land between any two calls.
 */
const pupils = 12;

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
});
afterAll(async () => runtime?.stop());

async function school() {
  const tenant = await createTestTenant(runtime);
  const users = Array.from({ length: pupils }, (_, i) => ({
    externalId: `C${i}`,
    username: `crash${i}`,
    forename: `Crash${i}`,
    surname: "Pupil",
    userType: "student",
  }));
  const imported = await client(runtime)("POST", "/v1/roster", {
    apiKey: tenant.apiKey,
    json: {
      groups: [{ externalId: "Y2", name: "Year 2", type: "year-group" }],
      users,
      memberships: users.map((u) => ({ groupExternalId: "Y2", userExternalId: u.externalId })),
    },
  });
  expect(imported.status).toBe(200);
  const queue = new FakeJobQueue();
  const deps = { ...runtime.deps(), jobQueue: queue };
  const groupId = (await deps.groups.idsByExternalId(tenant.tenantId, ["Y2"])).get("Y2") as string;
  const principal = userPrincipal(tenant.tenantId, tenant.admin.userId, ["site-admin"]);
  const job = await startRegeneration(
    deps,
    principal,
    { groupIds: [groupId], password: staffPassword },
    { chunkSize: 3 },
  );
  return { deps, queue, principal, job, tenantId: tenant.tenantId };
}

describe("a regeneration on DynamoDB Local whose work consumer crashes mid-chunk", () => {
  it("ends complete and exact after redelivery in 8 seeded runs (1–2 crash points each)", async () => {
    const point = fc.record({ call: fc.nat({ max: 60 }), after: fc.boolean() });
    let crashes = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(point, { minLength: 1, maxLength: 2, selector: (p) => p.call }),
        async (points) => {
          const s = await school();
          const consumer = crashing(s.deps, points);
          crashes += await runToEnd(
            s.queue,
            s.deps,
            consumer.deps,
            s.queue.takeFanOuts()[0] as FanOutMessage,
          );
          const job = await s.deps.jobs.progress(s.tenantId, s.job.jobId);
          expect(job).toMatchObject({ status: "completed", total: pupils, processed: pupils, failed: 0 });
          const { processed = 0, skipped = 0, failed = 0 } = job ?? {};
          // Regenerated + skipped + failed = total: each pupil counted once.
          expect(processed - skipped + skipped + failed).toBe(pupils);
          expect(job?.chunksDone).toBe(pupils / 3);
          const report = await retrievePasswordReport(s.deps, s.principal, s.job.jobId);
          expect(new Set(report.rows.map((r) => r.username)).size).toBe(pupils);
          expect(report.rows.filter((r) => !r.password || r.void)).toEqual([]);
        },
      ),
      { numRuns: 8, seed: 20261130 },
    );
    expect(crashes).toBeGreaterThanOrEqual(6);
  });
});
