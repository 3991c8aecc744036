/**
 * What each alarm tells the on-call engineer: one line on what is wrong and what to do first, and the section of
 * the runbook (`docs/operations.md`) with the whole procedure. `test/unit/runbook.test.ts` checks that every
 * anchor named here is a heading of the runbook, so an alarm never points at a missing section.
 */
export const runbookPath = "docs/operations.md";

export const alarmRunbook = {
  deadLetters: {
    anchor: "alarm-dead-letter-queue-not-empty",
    text: (queue: string) =>
      `Messages of the ${queue} queue wait in its dead-letter queue: its dead-letter consumer is failing or its trigger is disabled. Fix the cause, then redrive: npm run operator -- redrive ${queue} --aws.`,
  },
  deadLettered: {
    anchor: "alarm-messages-dead-lettered",
    text: (what: string) =>
      `${what} failed every retry and were recorded as failed (job rows or emails). Find the cause in the consumer's logs; to keep further dead letters for a redrive, disable the dead-letter consumer's trigger first.`,
  },
  oldestMessage: {
    anchor: "alarm-oldest-message-too-old",
    text: (queue: string) =>
      `The oldest message of the ${queue} queue waits too long: its consumer is failing, throttled or too slow. Check the consumer's errors and throttles on the dashboard.`,
  },
  functionErrors: {
    anchor: "alarm-function-errors",
    text: (fn: string) =>
      `The ${fn} function failed (an unhandled error or a timeout). Open its logs (Logs Insights, level ERROR) and its traces.`,
  },
  functionThrottles: {
    anchor: "alarm-function-throttles",
    text: (fn: string) =>
      `The ${fn} function was throttled: the account's concurrency is exhausted. Check which functions use it and ask for a higher limit.`,
  },
  api5xx: {
    anchor: "alarm-api-5xx-rate",
    text: () =>
      "More than 1% of API requests answered 5xx. Look at the route families on the dashboard, then the failing function's logs.",
  },
  signInLatency: {
    anchor: "alarm-sign-in-latency-p99",
    text: (fn: string) =>
      `Sign-in (${fn}) is slow at p99: people wait at the sign-in page. Check DynamoDB throttles, the function's duration and its traces.`,
  },
  tableThrottles: {
    anchor: "alarm-dynamodb-throttles",
    text: () =>
      "DynamoDB throttled requests on the table. Find the hot partition (Contributor Insights) or the bulk job that causes it.",
  },
  sesBounceRate: {
    anchor: "alarm-ses-bounce-rate",
    text: () =>
      "The account's SES bounce rate is high; SES reviews the account at 5% and may pause sending at 10%. Find the tenant sending to stale addresses.",
  },
  sesComplaintRate: {
    anchor: "alarm-ses-complaint-rate",
    text: () =>
      "The account's SES complaint rate is high; SES reviews the account at 0.1% and may pause sending at 0.5%. Find the tenant whose emails are reported.",
  },
} as const satisfies Record<string, { anchor: string; text: (subject: string) => string }>;

export type RunbookEntry = keyof typeof alarmRunbook;
