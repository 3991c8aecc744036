import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { FaultProxy } from "../../infra/local/fault-proxy.js";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { queueEmail } from "../../lib/app/emails/send-email.js";
import { mapLimit } from "../../lib/shared/concurrency.js";
import { createTestTenant } from "./harness.js";

export type SesOutageFigures = {
  emails: number;
  outageMs: number;
  /** SES calls the proxy refused during the outage (the consumer's own retries and the queue's). */
  refusedCalls: number;
  sentOnce: number;
  doubled: number;
  lost: number;
  /** Emails dead-lettered (recorded failed by the DLQ consumer) or still on the DLQ at the end. */
  deadLettered: number;
  /** From the end of the outage to the last email in the inbox. */
  drainedAfterMs: number;
};

/**
 * SES answering 503 for `outageMs` while `emails` emails are queued (the ses-outage suite runs it short, the bench
 * for 60 s): the email consumer backs off and retries; once SES is back, each email must be in the inbox (read from
 * the emulator itself, not through the proxy) exactly once.
 */
export async function sesOutage(
  runtime: LocalRuntime,
  proxy: FaultProxy,
  sesStoreUrl: string,
  options: { emails: number; outageMs: number; drainTimeoutMs?: number },
): Promise<SesOutageFigures> {
  const { tenantId } = await createTestTenant(runtime);
  const deps = runtime.deps();
  const recipients = Array.from(
    { length: options.emails },
    (_, i) => `outage${i}.${tenantId}@outage.example`,
  );
  proxy.failing = true;
  proxy.refused = 0;
  const outageStarted = Date.now();
  const emailIds = await mapLimit(recipients, 8, (to) =>
    queueEmail(deps, {
      tenantId,
      layoutId: "PASSWORD_CHANGED_NOTICE",
      to,
      values: { FIRST_NAME: "Sam", LAST_NAME: "Outage", USERNAME: "sam", CHANGED_AT: "today" },
    }),
  );
  await sleep(outageStarted + options.outageMs - Date.now());
  proxy.failing = false;
  const recovered = Date.now();
  const refusedCalls = proxy.refused;

  const counts = async () => {
    const store = (await (await fetch(`${sesStoreUrl}/store`)).json()) as {
      emails: { destination?: { to?: string[] }; to?: string }[];
    };
    const perRecipient = new Map<string, number>();
    for (const email of store.emails) {
      const to = JSON.stringify(email.destination ?? email.to);
      if (!to.includes(tenantId)) continue;
      const match = /outage\d+\.[^"\\]+@outage\.example/.exec(to)?.[0] ?? to;
      perRecipient.set(match, (perRecipient.get(match) ?? 0) + 1);
    }
    return perRecipient;
  };
  const deadline = recovered + (options.drainTimeoutMs ?? 120_000);
  let perRecipient = await counts();
  while (perRecipient.size < recipients.length && Date.now() < deadline) {
    await sleep(500);
    perRecipient = await counts();
  }
  const drainedAfterMs = Date.now() - recovered;
  // A moment more: a late duplicate would show now.
  await sleep(3000);
  perRecipient = await counts();
  const sqs = new SQSClient({
    endpoint: runtime.emulators.sqs,
    region: "eu-west-2",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: runtime.queues.email.dlqUrl, AttributeNames: ["All"] }),
  );
  sqs.destroy();
  const times = recipients.map((to) => perRecipient.get(to) ?? 0);
  const statuses = await mapLimit(
    emailIds,
    8,
    async (id) => (await deps.emailDeliveries.get(tenantId, id))?.status,
  );
  return {
    emails: recipients.length,
    outageMs: recovered - outageStarted,
    refusedCalls,
    sentOnce: times.filter((n) => n === 1).length,
    doubled: times.filter((n) => n > 1).length,
    lost: times.filter((n) => n === 0).length,
    deadLettered:
      statuses.filter((s) => s === "failed").length +
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    drainedAfterMs,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
