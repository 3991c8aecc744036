import { describe, expect, it } from "vitest";
import { deliverEmails, queueEmail } from "../../../../lib/app/emails/send-email.js";
import { emailQuotaDay } from "../../../../lib/domain/rate-limits.js";
import type { EmailMessage } from "../../../../lib/ports/mailer.js";
import { uniqueId } from "../../../fakes/builders.js";
import { fakeDeps } from "../../../fakes/index.js";

async function setup(quota: number) {
  const deps = fakeDeps();
  deps.settings = { ...deps.settings, tenantDailyEmailQuota: quota };
  deps.sendingAccount.quotaValue = { maxSendRate: 50, max24HourSend: 50_000, sentLast24Hours: 0 };
  const tenantId = uniqueId("tenant");
  deps.tenants.seed({ tenantId });
  const messages: EmailMessage[] = [];
  for (let i = 0; i < 4; i++) {
    const email = {
      tenantId,
      layoutId: "PASSWORD_CHANGED_NOTICE" as const,
      to: `n${i}@school.example`,
      values: { FIRST_NAME: "F", USERNAME: `u${i}` },
    };
    messages.push({ ...email, emailId: await queueEmail(deps, email) });
  }
  return { deps, tenantId, messages };
}

describe("deliverEmails with a tenant's daily quota", () => {
  it("sends up to the tenant's share of the day and defers the rest, 15 minutes at a time", async () => {
    const s = await setup(3);
    const outcomes = await deliverEmails(s.deps, s.messages);
    expect([...outcomes.values()].sort()).toEqual(["deferred", "sent", "sent", "sent"]);
    expect(s.deps.outbox.deferred).toHaveLength(1);
    expect(s.deps.outbox.deferred[0]?.delaySeconds).toBe(900);
  });

  it("gives back the share of emails that were not sent, so a retry can send them", async () => {
    const s = await setup(4);
    s.deps.mailer.fail = () => new Error("SES is down");
    const outcomes = await deliverEmails(s.deps, s.messages);
    expect([...outcomes.values()]).toEqual(["failed", "failed", "failed", "failed"]);
    const day = emailQuotaDay(s.deps.clock.now());
    expect(s.deps.tenantEmailQuota.counts.get(`${s.tenantId}|${day}`)).toBe(0);
    s.deps.mailer.fail = undefined;
    const retried = await deliverEmails(s.deps, s.messages);
    expect([...retried.values()]).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("counts the day in UTC", () => {
    expect(emailQuotaDay(new Date("2026-11-29T23:59:59.999Z"))).toBe("2026-11-29");
    expect(emailQuotaDay(new Date("2026-11-30T00:00:00.000Z"))).toBe("2026-11-30");
  });
});
