import { parseArgs } from "node:util";
import { createApiKey, createTenant } from "../lib/app/operator/operator.js";
import { syntheticRoster } from "../test/fixtures/synthetic-roster.js";
import { startBenchRuntime } from "./local.js";

/**
 * Roster import rate on the local runtime: N users (default 5,000) in 20 classes, with one membership each, posted
 * to POST /v1/roster and processed through SQS fan-out and work consumers into DynamoDB Local. Times from the
 * POST to the job's final state. Last line: JSON figures.
 */
const { values } = parseArgs({ options: { users: { type: "string", default: "5000" } } });
const count = Number(values.users);

const runtime = await startBenchRuntime();
try {
  const deps = runtime.deps();
  await createTenant(deps, { tenantId: "bench-school", name: "Bench School" });
  const { apiKey } = await createApiKey(deps, { tenantId: "bench-school", name: "bench" });
  const roster = syntheticRoster(count);

  const started = performance.now();
  const accepted = await fetch(`${runtime.apiUrl}/v1/roster`, {
    method: "POST",
    headers: { "x-api-key": apiKey, "content-type": "application/json" },
    body: JSON.stringify(roster),
  });
  if (accepted.status !== 202) {
    throw new Error(`Expected 202 (a bulk job; use --users 1000 or more), got ${accepted.status}`);
  }
  const job = (await accepted.json()) as { jobId: string; total: number };
  const acceptedAfter = (performance.now() - started) / 1000;
  let status = "queued";
  let last: Record<string, unknown> = {};
  const deadline = Date.now() + 15 * 60_000;
  while (!["completed", "completed_with_failures", "failed"].includes(status)) {
    if (Date.now() > deadline) throw new Error(`Job still ${status} after 15 minutes`);
    await new Promise((r) => setTimeout(r, 250));
    last = (await (
      await fetch(`${runtime.apiUrl}/v1/jobs/${job.jobId}`, { headers: { "x-api-key": apiKey } })
    ).json()) as Record<string, unknown>;
    status = String(last.status);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`accepted (202) after ${acceptedAfter.toFixed(2)} s; job ${status}`);
  console.log(`rows ${last.total}: processed ${last.processed}, failed ${last.failed}`);
  console.log(`rows per second ${(Number(last.total) / seconds).toFixed(0)}`);
  console.log(
    JSON.stringify({
      users: count,
      seconds: Number(seconds.toFixed(2)),
      usersPerSecond: Number((count / seconds).toFixed(1)),
    }),
  );
} finally {
  await runtime.stop();
}
