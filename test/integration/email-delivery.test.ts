import {
  GetAccountCommand,
  SESv2Client,
  SendBulkEmailCommand,
  SendEmailCommand,
} from "@aws-sdk/client-sesv2";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRuntime } from "../../infra/local/runtime.js";
import { SesMailer } from "../../lib/adapters/ses/ses-mailer.js";
import { SesSendingAccount } from "../../lib/adapters/ses/ses-sending-account.js";
import type { Deps } from "../../lib/app/deps.js";
import { deliverEmail, deliverEmails, newEmailId, queueEmail } from "../../lib/app/emails/send-email.js";
import type { EmailMessage } from "../../lib/ports/mailer.js";
import { mapLimit } from "../../lib/shared/concurrency.js";
import { client, createTestTenant, eventually, sentTo, startTestRuntime } from "./harness.js";

let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

// The queue consumers stay off: each test drives the email consumer's work itself, as concurrent invocations.
beforeAll(async () => {
  runtime = await startTestRuntime({ pollers: false });
  api = client(runtime);
});
afterAll(async () => runtime?.stop());

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
type Handler = (args: unknown) => Promise<{ output: unknown }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
const ses = (middleware?: Middleware) => {
  const sesClient = new SESv2Client({ region: "eu-west-2", endpoint: runtime.emulators.ses, credentials });
  if (middleware) sesClient.middlewareStack.add(middleware as never, { step: "initialize", name: "fault" });
  return sesClient;
};

/** The real adapters, with the email consumer's view of SES built from `client`. */
function consumer(sesClient: SESv2Client, options: { rate?: number } = {}): Deps {
  const deps = runtime.deps();
  return {
    ...deps,
    mailer: new SesMailer(sesClient, { templatePrefix: runtime.templatePrefix }),
    sendingAccount: new SesSendingAccount(sesClient, { maxSendRateOverride: options.rate }),
  };
}

/** Queues `count` password-changed notices to distinct addresses; returns the queued messages. */
async function queueNotices(tenantId: string, count: number, tag: string): Promise<EmailMessage[]> {
  const deps = runtime.deps();
  const messages: EmailMessage[] = [];
  for (let i = 0; i < count; i++) {
    const email = {
      tenantId,
      layoutId: "PASSWORD_CHANGED_NOTICE" as const,
      to: `${tag}${i}@school.example`,
      values: { FIRST_NAME: `F${i}`, LAST_NAME: "L", USERNAME: `u${i}`, CHANGED_AT: "now" },
    };
    messages.push({ ...email, emailId: await queueEmail(deps, email) });
  }
  return messages;
}

const inbox = (tag: string) => sentTo(runtime, tag);

describe("email delivery", () => {
  it("never starts more than the send rate's emails in one second, across concurrent consumers", async () => {
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const messages = await queueNotices(tenantId, 12, "paced");
    const base = consumer(ses(), { rate: 4 });
    // Which second each send was let through in (the real limiter on the table, observed).
    const slots: number[] = [];
    const deps: Deps = {
      ...base,
      sendRate: {
        tryAcquire: async (now, rate, count = 1) => {
          const granted = await base.sendRate.tryAcquire(now, rate, count);
          if (granted) for (let i = 0; i < count; i++) slots.push(Math.floor(now.getTime() / 1000));
          return granted;
        },
      },
    };
    const outcomes = await mapLimit(messages, 3, (m) => deliverEmail(deps, m));
    expect(outcomes).toEqual(messages.map(() => "sent"));
    const list = await api<{ items: { status: string; sentAt: string; sesMessageId?: string }[] }>(
      "GET",
      "/v1/emails?limit=50",
      { apiKey },
    );
    expect(list.body.items).toHaveLength(12);
    expect(list.body.items.every((e) => e.status === "sent" && e.sesMessageId)).toBe(true);
    expect(slots).toHaveLength(12);
    const perSecond = new Map<number, number>();
    for (const second of slots) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    // Three consumers could start far more than 4 a second here; the shared window held them to 4.
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(4);
    expect(perSecond.size).toBeGreaterThanOrEqual(3);
    expect(await inbox("paced")).toHaveLength(12);

    // A redelivered message is not sent twice.
    expect(await deliverEmail(deps, messages[0] as EmailMessage)).toBe("already-sent");
    expect(await inbox("paced")).toHaveLength(12);
  });

  it("sends a batch of one layout with SendBulkEmail, in calls no larger than the rate, each email personalised", async () => {
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const messages = await queueNotices(tenantId, 12, "bulk");
    const calls: { command: string; entries: number }[] = [];
    const observed = ses((next, context) => async (args) => {
      const input = (args as { input: { BulkEmailEntries?: unknown[] } }).input;
      calls.push({ command: context.commandName ?? "", entries: input.BulkEmailEntries?.length ?? 1 });
      return next(args);
    });
    const base = consumer(observed, { rate: 5 });
    const outcomes = await deliverEmails(base, messages);
    expect([...outcomes.values()]).toEqual(messages.map(() => "sent"));
    const sends = calls.filter((c) => c.command !== GetAccountCommand.name);
    expect(sends).toEqual([
      { command: SendBulkEmailCommand.name, entries: 5 },
      { command: SendBulkEmailCommand.name, entries: 5 },
      { command: SendBulkEmailCommand.name, entries: 2 },
    ]);
    const received = await inbox("bulk");
    expect(received).toHaveLength(12);
    for (const [i] of messages.entries()) {
      const email = received.find((e) => JSON.stringify(e.destination).includes(`bulk${i}@`));
      expect(email?.body?.text).toContain(`Hello F${i},`);
      expect(email?.body?.text).toContain(`account u${i} was changed`);
    }
    const list = await api<{ items: { status: string }[] }>("GET", "/v1/emails?limit=50", { apiKey });
    expect(list.body.items.map((e) => e.status)).toEqual(messages.map(() => "sent"));
  });

  it("retries SES throttling with backoff and loses no email", async () => {
    const { tenantId } = await createTestTenant(runtime);
    let throttles = 6;
    // Fault injection no emulator can produce: SES answers ThrottlingException to the next six sends.
    const throttling = ses((next, context) => async (args) => {
      if (context.commandName === SendEmailCommand.name && throttles > 0) {
        throttles--;
        throw Object.assign(new Error("Maximum sending rate exceeded."), { name: "ThrottlingException" });
      }
      return next(args);
    });
    const messages = await queueNotices(tenantId, 5, "throttled");
    const deps = consumer(throttling, { rate: 50 });
    const outcomes = await mapLimit(messages, 2, async (m) => {
      // As SQS would: a message whose in-process retries ran out comes back and is tried again.
      for (;;) {
        const outcome = await deliverEmail(deps, m);
        if (outcome !== "failed") return outcome;
      }
    });
    expect(outcomes).toEqual(messages.map(() => "sent"));
    expect(throttles).toBe(0);
    expect(await inbox("throttled")).toHaveLength(5);
  });

  it("waits out a used-up 24-hour quota: the email goes back to the queue as deferred, not sent and not lost", async () => {
    const { tenantId, apiKey } = await createTestTenant(runtime);
    const exhausted = ses((next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === GetAccountCommand.name) {
        const output = result.output as { SendQuota?: Record<string, number> };
        output.SendQuota = { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 200 };
      }
      return result;
    });
    const [message] = (await queueNotices(tenantId, 1, "quota")) as [EmailMessage];
    expect(await deliverEmail(consumer(exhausted), message)).toBe("deferred");
    const status = await api("GET", `/v1/emails/${message.emailId}`, { apiKey });
    expect(status.body).toMatchObject({ status: "deferred", reason: expect.stringContaining("quota") });
    expect(await inbox("quota")).toHaveLength(0);
  });

  it("shows a dead-lettered email as failed, and keeps other tenants' emails out of reach", async () => {
    const a = await createTestTenant(runtime);
    const b = await createTestTenant(runtime);
    // An email whose queue message failed every attempt: its record says queued, its message is on the DLQ.
    const message: EmailMessage = {
      tenantId: a.tenantId,
      emailId: newEmailId(new Date()),
      layoutId: "PASSWORD_CHANGED_NOTICE",
      to: "dead0@school.example",
      values: { FIRST_NAME: "F", USERNAME: "u" },
    };
    await runtime.deps().emailDeliveries.recordQueued({ ...message, createdAt: new Date().toISOString() });
    const sqs = new SQSClient({ region: "eu-west-2", endpoint: runtime.emulators.sqs, credentials });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: runtime.queues.email.dlqUrl, MessageBody: JSON.stringify(message) }),
    );
    runtime.startPollers();
    const failed = await eventually(async () => {
      const r = await api("GET", `/v1/emails/${message.emailId}`, { apiKey: a.apiKey });
      return r.body.status === "failed" ? r.body : undefined;
    });
    expect(failed).toMatchObject({ layoutId: "PASSWORD_CHANGED_NOTICE", to: "dead0@school.example" });
    expect((await api("GET", `/v1/emails/${message.emailId}`, { apiKey: b.apiKey })).status).toBe(404);
    const list = await api<{ items: unknown[] }>("GET", "/v1/emails", { apiKey: b.apiKey });
    expect(list.body.items).toEqual([]);
  });
});
