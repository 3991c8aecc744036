import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../infra/local/emulators.js";
import { type LocalRuntime, startLocalRuntime } from "../../infra/local/runtime.js";
import { queueEmail } from "../../lib/app/emails/send-email.js";
import { client, createTestTenant, eventually, sentTo } from "./harness.js";

let runtime: LocalRuntime | undefined;
afterAll(async () => runtime?.stop());

/** `npm start` twice on one data folder, in this process: its own emulators (not the suite's shared ones). */
describe("the local runtime restarted on the same data folder", () => {
  it("keeps the email inbox as it keeps the table, on the same stable ports", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "latchkey-restart-"));
    const [port, dynamodb, sqs, ses] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const start = () =>
      startLocalRuntime({
        stateDir,
        prefix: "restart",
        port,
        emulatorPorts: { dynamodb, sqs, ses },
        logLevel: "ERROR",
      });

    runtime = await start();
    expect(runtime.startUp.emulatorsMs).toBeGreaterThan(0);
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const to = `kept-${tenantId}@school.example`;
    await queueEmail(runtime.deps(), {
      tenantId,
      layoutId: "PASSWORD_CHANGED_NOTICE",
      to,
      values: { FIRST_NAME: "Kit", LAST_NAME: "Kept", USERNAME: "kit", CHANGED_AT: "now" },
    });
    const sent = await eventually(async () => {
      const found = await sentTo(runtime as LocalRuntime, to);
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(sent).toHaveLength(1);
    await runtime.stop();
    runtime = undefined;

    // A new process starts with an empty SES emulator: empty its in-process store as one would be.
    const require = createRequire(import.meta.url);
    (require("aws-ses-v2-local/dist/store.js") as { clearStore: () => void }).clearStore();

    runtime = await start();
    expect(runtime.sesUrl).toBe(`http://127.0.0.1:${ses}`);
    expect(runtime.apiUrl).toBe(`http://127.0.0.1:${port}`);
    const again = await sentTo(runtime, to);
    expect(again.map((e) => e.subject)).toEqual(sent.map((e) => e.subject));
    expect(again).toHaveLength(1);
    const emails = await client(runtime)<{ items: { to: string; status: string }[] }>("GET", "/v1/emails", {
      apiKey,
    });
    expect(emails.body.items.filter((e) => e.to === to)).toMatchObject([{ status: "sent" }]);
  }, 180_000);
});
