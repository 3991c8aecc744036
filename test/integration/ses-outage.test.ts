import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../../infra/local/fault-proxy.js";
import { type LocalRuntime, startLocalRuntime } from "../../infra/local/runtime.js";
import { sesOutage } from "./ses-outage-scenario.js";

/**
 * SES down (a proxy answering 503) while 200 emails are queued. The suite runs a 15 s outage — longer than the
 * consumer's own retries (two SDK attempts, then the queue's backoff of 2, 4, 8, 16 s); `npm run bench:ses-outage`
 * runs the full 60 s. Eight receives at that backoff cover 94 s before a message would be dead-lettered.
 */
const outageSeconds = Number(process.env.SES_OUTAGE_SECONDS ?? 15);

let runtime: LocalRuntime;
let proxy: FaultProxy;
const endpoints = inject("emulators");

beforeAll(async () => {
  proxy = await startFaultProxy(endpoints.ses);
  runtime = await startLocalRuntime({
    stateDir: await mkdtemp(join(tmpdir(), "latchkey-ses-outage-")),
    emulators: { ...endpoints, ses: proxy.url, stop: async () => undefined },
    prefix: `t${randomBytes(4).toString("hex")}`,
    // Longer than a batch can take (up to 10 s waiting for send slots), as in AWS (180 s for a 30 s consumer): a
    // message is never handed to a second consumer while the first still sends it. Failed ones retry sooner.
    visibilityTimeoutSeconds: 15,
    retryBackoff: { baseSeconds: 2, maxSeconds: 16 },
    logLevel: "ERROR",
  });
});
afterAll(async () => {
  await runtime?.stop();
  await proxy?.close();
});

describe(`SES failing for ${outageSeconds} s while 200 emails are queued`, () => {
  it("sends every email exactly once after it recovers: none lost, none doubled, none dead-lettered", async () => {
    const figures = await sesOutage(runtime, proxy, endpoints.ses, {
      emails: 200,
      outageMs: outageSeconds * 1000,
    });
    console.info(JSON.stringify(figures));
    expect(figures.refusedCalls).toBeGreaterThan(0);
    expect(figures).toMatchObject({ emails: 200, sentOnce: 200, doubled: 0, lost: 0, deadLettered: 0 });
  });
});
