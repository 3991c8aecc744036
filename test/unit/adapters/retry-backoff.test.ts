import { describe, expect, it } from "vitest";
import { outageCoverSeconds, retryDelaySeconds } from "../../../lib/adapters/sqs/retry-backoff.js";
import { parseConfig } from "../../../lib/config.js";
import { queues } from "../../../lib/topology/queues.js";

const defaults = parseConfig({
  TABLE_NAME: "t",
  FANOUT_QUEUE_URL: "f",
  WORK_QUEUE_URL: "w",
  EMAIL_QUEUE_URL: "e",
  EMAIL_TEMPLATE_PREFIX: "p",
  SENDER_ADDRESS: "no-reply@example.com",
  PUBLIC_BASE_URL: "https://example.com",
  LOCAL_SECRETS_FILE: "/tmp/s.json",
});
const schedule = {
  baseSeconds: defaults.QUEUE_RETRY_BASE_SECONDS,
  maxSeconds: defaults.QUEUE_RETRY_MAX_SECONDS,
};

describe("the retry backoff after an outage", () => {
  it("doubles per receive from the base, capped, never past SQS's 12 hours", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelaySeconds(n, { baseSeconds: 2, maxSeconds: 16 }))).toEqual([
      2, 4, 8, 16, 16, 16,
    ]);
    expect(retryDelaySeconds(0, { baseSeconds: 2, maxSeconds: 16 })).toBe(2);
    expect(retryDelaySeconds(99, { baseSeconds: 600, maxSeconds: 99_999 })).toBe(43_200);
  });

  it("lets every queue ride out an outage of at least an hour before a message is dead-lettered", () => {
    const cover = Object.fromEntries(
      Object.entries(queues).map(([name, q]) => [name, outageCoverSeconds(q.maxReceiveCount, schedule)]),
    );
    // 120 + 240 + 480 + 960 + 1920 s for the job queues (5 receives); the email queue's 8 receives cap at 1 h.
    expect(cover).toEqual({ fanout: 3720, work: 3720, email: 14_520 });
    for (const seconds of Object.values(cover)) expect(seconds).toBeGreaterThanOrEqual(3600);
  });
});
