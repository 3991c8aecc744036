import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulators } from "../infra/local/emulators.js";
import { startFaultProxy } from "../infra/local/fault-proxy.js";
import { startLocalRuntime } from "../infra/local/runtime.js";
import { sesOutage } from "../test/integration/ses-outage-scenario.js";

/**
 * The full SES outage of issue #10: SES answering 503 for 60 s (a fault proxy in front of aws-ses-v2-local) while
 * 200 emails are queued; then every email must be in the inbox exactly once. The suite runs the same scenario with
 * a 15 s outage (test/integration/ses-outage.test.ts). Deployed queue settings, except that the backoff starts at
 * 2 s (not 120 s) so the run ends in minutes: 8 receives at 2, 4, 8, 16, 32, 60… s cover 254 s. Last line: JSON.
 *   npx tsx bench/ses-outage.ts [--seconds 60] [--emails 200]
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, emails: { type: "string", default: "200" } },
});
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const emulators = await startEmulators({});
const proxy = await startFaultProxy(emulators.ses);
const runtime = await startLocalRuntime({
  stateDir: await mkdtemp(join(tmpdir(), "latchkey-bench-")),
  emulators: { ...emulators, ses: proxy.url },
  inMemory: true,
  prefix: "bench",
  visibilityTimeoutSeconds: 15,
  retryBackoff: { baseSeconds: 2, maxSeconds: 60 },
  logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "ERROR",
});
try {
  const figures = await sesOutage(runtime, proxy, emulators.ses, {
    emails: Number(values.emails),
    outageMs: Number(values.seconds) * 1000,
    drainTimeoutMs: 240_000,
  });
  const ok = figures.sentOnce === figures.emails && figures.doubled === 0 && figures.lost === 0;
  console.log(`SES down ${Math.round(figures.outageMs / 1000)} s with ${figures.emails} emails queued:`);
  console.log(`  sent once ${figures.sentOnce}, doubled ${figures.doubled}, lost ${figures.lost}`);
  console.log(`  refused SES calls ${figures.refusedCalls}, dead-lettered ${figures.deadLettered}`);
  console.log(`  inbox complete ${(figures.drainedAfterMs / 1000).toFixed(1)} s after SES recovered`);
  console.log(JSON.stringify({ bench: "ses-outage", ok, ...figures }));
  process.exitCode = ok ? 0 : 1;
} finally {
  await runtime.stop();
  await proxy.close();
  await emulators.stop();
}
