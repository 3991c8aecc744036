import { type Access, defaultSizing, type FunctionDeclaration, hashing } from "./function-declarations.js";

const consumer = (
  name: string,
  description: string,
  timeoutSeconds: number,
  access: readonly Access[],
): FunctionDeclaration => ({
  entry: `functions/queue/${name}.ts`,
  description,
  ...defaultSizing,
  timeoutSeconds,
  access,
});

/**
 * The functions without a route: each consumes one of the queues (`queues.ts`) or their dead-letter queues.
 * The CDK app and the local runtime's pollers invoke them with SQS events.
 */
export const consumers = {
  "job-fan-out": consumer("job-fan-out", "Splits a bulk job into work messages", 60, [
    "table:read",
    "table:write",
    "queue:work:send",
  ]),
  // Pupil-PIN jobs hash PINs (keyed argon2id); a roster job's last chunk may start one (fan-out, job key).
  "job-work": {
    ...consumer("job-work", "Processes one work message of a bulk job", 60, [
      "table:read",
      "table:write",
      "queue:fanout:send",
      "queue:email:send",
      "secret:pepper",
      "kms:data-key",
    ]),
    ...hashing,
  },
  // A dead chunk can be the last of its phase: the dead-letter consumer then starts the next phase.
  "job-dead-letter": consumer("job-dead-letter", "Counts dead-lettered job messages as failed", 30, [
    "table:read",
    "table:write",
    "queue:fanout:send",
    "kms:data-key",
  ]),
  // Reads and records delivery status, takes send slots, puts an email back on the queue to wait out the quota,
  // opens sealed merge values, and publishes a tenant's template again if SES lost it.
  "send-email": consumer("send-email", "Sends queued emails through SES at the account's pace", 30, [
    "table:read",
    "table:write",
    "queue:email:send",
    "ses:send",
    "ses:templates",
    "kms:data-key",
  ]),
  "email-dead-letter": consumer("email-dead-letter", "Records dead-lettered emails as failed", 30, [
    "table:read",
    "table:write",
  ]),
} as const satisfies Record<string, FunctionDeclaration>;

export type ConsumerName = keyof typeof consumers;

/** The capability each consumer belongs to (the CDK app deploys a capability's functions together). */
export const consumerCapabilities = {
  "job-fan-out": "jobs",
  "job-work": "jobs",
  "job-dead-letter": "jobs",
  "send-email": "emails",
  "email-dead-letter": "emails",
} as const satisfies Record<ConsumerName, string>;
