import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { queueEmail } from "../../lib/app/emails/send-email.js";
import { client, createTestTenant, eventually, sentTo, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

// A daily share of three emails per tenant, so that a few emails use it up; the real email consumer polls.
beforeAll(async () => {
  runtime = await startTestRuntime({ tenantDailyEmailQuota: 3 });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

async function queueNotices(tenantId: string, count: number, tag: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      await queueEmail(runtime.deps(), {
        tenantId,
        layoutId: "PASSWORD_CHANGED_NOTICE",
        to: `${tag}${i}@school.example`,
        values: { FIRST_NAME: `F${i}`, LAST_NAME: "L", USERNAME: `u${i}`, CHANGED_AT: "now" },
      }),
    );
  }
  return ids;
}

const inbox = (tag: string) => sentTo(runtime, tag);

describe("a tenant's daily email quota", () => {
  it("sends a tenant's emails up to its daily share and defers the rest on the queue, while other tenants still send", async () => {
    const flood = await createTestTenant(runtime);
    const quiet = await createTestTenant(runtime);
    const flooded = await queueNotices(flood.tenantId, 5, "flood");
    await queueNotices(quiet.tenantId, 2, "quiet");

    const statuses = await eventually(async () => {
      const list = await api<{ items: { emailId: string; status: string; reason?: string }[] }>(
        "GET",
        "/v1/emails?limit=50",
        { apiKey: flood.apiKey },
      );
      const items = list.body.items.filter((e) => flooded.includes(e.emailId));
      const settled = items.filter((e) => e.status === "sent" || e.status === "deferred");
      return settled.length === 5 ? items : undefined;
    });
    expect(statuses.filter((e) => e.status === "sent")).toHaveLength(3);
    const deferred = statuses.filter((e) => e.status === "deferred");
    expect(deferred).toHaveLength(2);
    for (const e of deferred) expect(e.reason).toContain("daily email quota");
    expect(await inbox("flood")).toHaveLength(3);
    // The other school is not held up by the flood.
    await eventually(async () => ((await inbox("quiet")).length === 2 ? true : undefined));

    // The deferred emails are not lost: they wait on the email queue (delayed), not on its dead-letter queue.
    const sqs = new SQSClient({
      region: "eu-west-2",
      endpoint: runtime.emulators.sqs,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    const attributes = async (url: string) =>
      (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"],
          }),
        )
      ).Attributes ?? {};
    const waiting = await attributes(runtime.queues.email.url);
    expect(Number(waiting.ApproximateNumberOfMessagesDelayed ?? 0)).toBe(2);
    expect(Number((await attributes(runtime.queues.email.dlqUrl)).ApproximateNumberOfMessages ?? 0)).toBe(0);
  });
});
