import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retrievePasswordReport } from "../../../../lib/app/temporary-passwords/password-report.js";
import { startRegeneration } from "../../../../lib/app/temporary-passwords/regenerate-passwords.js";
import type { User } from "../../../../lib/domain/model.js";
import { temporaryPasswordAad } from "../../../../lib/domain/temporary-password.js";
import type { FanOutMessage } from "../../../../lib/ports/job-queue.js";
import { aUser, givePassword, uniqueId, userPrincipal } from "../../../fakes/builders.js";
import { crashing, runToEnd } from "../../../fakes/crash-points.js";
import { fakeDeps } from "../../../fakes/index.js";

/**
 * A work consumer that dies at any point of its work — before or after any one of its port calls: reads, the
 * credential and event writes, the chunk's counter transaction, the phase and finishing steps — and is then
 * redelivered, as SQS does after the visibility timeout. fast-check picks the crash points (seeded: a failure
 * prints its seed and path, and replays).
 */

const unclaimed = 9;
const chunkSize = 2;

/** A class of 9 unclaimed pupils, one who set their own password and one disabled (both skipped): 6 chunks. */
async function school() {
  const deps = fakeDeps();
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  deps.groups.seed({ tenantId, groupId: "y5", name: "Year 5" });
  const pupil = (fields: Partial<User> = {}) => {
    const user = deps.users.seed(aUser({ tenantId, userType: "student", roles: ["pupil"], ...fields }));
    deps.groups.seedLink(tenantId, "member", "y5", user.userId);
    return user.userId;
  };
  const eligible = Array.from({ length: unclaimed }, () => pupil());
  const claimed = pupil({ claimedAt: "2025-03-01T00:00:00.000Z" });
  givePassword(deps, tenantId, claimed, "their own password");
  pupil({ status: "disabled" });
  const admin = deps.users.seed(
    aUser({ tenantId, roles: ["site-admin"], claimedAt: "2025-01-02T00:00:00.000Z" }),
  );
  givePassword(deps, tenantId, admin.userId, "admin passphrase");
  const principal = userPrincipal(tenantId, admin.userId, ["site-admin"]);
  const job = await startRegeneration(
    deps,
    principal,
    { groupIds: ["y5"], password: "admin passphrase" },
    { chunkSize },
  );
  return { deps, tenantId, principal, job, eligible, total: unclaimed + 2 };
}

/** What must hold after any run, however it was cut short and redelivered. */
async function expectCompleteAndExact(s: Awaited<ReturnType<typeof school>>) {
  const job = await s.deps.jobs.progress(s.tenantId, s.job.jobId);
  const regenerated = (job?.processed ?? 0) - (job?.skipped ?? 0);
  expect(job).toMatchObject({ status: "completed", total: s.total, failed: 0, skipped: 2 });
  expect(regenerated + (job?.skipped ?? 0) + (job?.failed ?? 0)).toBe(s.total);
  expect(job?.chunksDone).toBe(Math.ceil(s.total / chunkSize));
  // Each eligible pupil holds this run's password, and one event says so: none lost, none doubled.
  for (const userId of s.eligible) {
    expect((await s.deps.temporaryPasswords.get(s.tenantId, userId))?.generation).toBe(s.job.jobId);
  }
  const perUser = s.deps.audit
    .all()
    .filter((e) => e.action === "temporary-password.regenerated" && e.eventId === s.job.jobId);
  expect(perUser.map((e) => e.userId).sort()).toEqual([...s.eligible].sort());
  const runEvents = s.deps.audit.all().filter((e) => e.action === "temporary-passwords.regenerated");
  expect(runEvents).toHaveLength(1);
  // The one-time report lists every regenerated pupil once, with the password they hold.
  const report = await retrievePasswordReport(s.deps, s.principal, s.job.jobId);
  expect(report.rows).toHaveLength(s.eligible.length);
  expect(report.rows.filter((r) => r.void)).toEqual([]);
  for (const row of report.rows) {
    const user = await s.deps.users.findByUsername(s.tenantId, row.username);
    const credential = await s.deps.temporaryPasswords.get(s.tenantId, user?.userId ?? "");
    const aad = temporaryPasswordAad(s.tenantId, user?.userId ?? "", s.job.jobId);
    expect(await s.deps.secretBox.open(credential?.sealed ?? ({} as never), aad)).toBe(row.password);
  }
}

describe("a regeneration whose work consumer crashes mid-chunk", () => {
  it("ends complete and exact after redelivery, without any crash (the baseline the crash points come from)", async () => {
    const s = await school();
    const consumer = crashing(s.deps, []);
    expect(
      await runToEnd(
        s.deps.jobQueue,
        s.deps,
        consumer.deps,
        s.deps.jobQueue.takeFanOuts()[0] as FanOutMessage,
      ),
    ).toBe(0);
    await expectCompleteAndExact(s);
    expect(consumer.calls()).toBeGreaterThan(40);
  });

  it("ends complete and exact in 100 runs, each dying at 1–3 random points before or after a port call", async () => {
    const baseline = await school();
    const counted = crashing(baseline.deps, []);
    await runToEnd(
      baseline.deps.jobQueue,
      baseline.deps,
      counted.deps,
      baseline.deps.jobQueue.takeFanOuts()[0] as FanOutMessage,
    );
    const calls = counted.calls();
    const point = fc.record({ call: fc.nat({ max: calls + 10 }), after: fc.boolean() });
    let crashed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(point, { minLength: 1, maxLength: 3, selector: (p) => p.call }),
        async (points) => {
          const s = await school();
          const consumer = crashing(s.deps, points);
          crashed += await runToEnd(
            s.deps.jobQueue,
            s.deps,
            consumer.deps,
            s.deps.jobQueue.takeFanOuts()[0] as FanOutMessage,
          );
          await expectCompleteAndExact(s);
        },
      ),
      { numRuns: 100, seed: 20261129 },
    );
    // The crash points really landed inside the runs (not all past their end).
    expect(crashed).toBeGreaterThanOrEqual(100);
  });
});
