/**
 * The service's own CloudWatch metrics (namespace `Latchkey`, dimension `service`): the functions emit them with
 * Powertools Metrics (`functions/`), the CDK app's dashboard graphs them (`infra/constructs/service-monitoring.ts`).
 * One list, so a renamed metric cannot leave a dashboard line silently empty.
 */
export const metricsNamespace = "Latchkey";
export const metricsService = "latchkey";

export const serviceMetrics = {
  jobsStarted: "JobsStarted",
  /** A job reached `completed` or `completed_with_failures`. */
  jobsFinished: "JobsFinished",
  jobsFailed: "JobsFailed",
  /** Users given a new temporary password by a bulk regeneration (rows processed, first delivery only). */
  usersRegenerated: "UsersRegenerated",
  emailsSent: "EmailsSent",
  /** Put back on the queue to wait for the account's rate or a tenant's daily quota. */
  emailsDeferred: "EmailsDeferred",
  /** A send attempt that failed (SQS retries it); dead-lettered emails are `emailsDeadLettered`. */
  emailsFailed: "EmailsFailed",
  emailsDeadLettered: "EmailsDeadLettered",
  /** A job message (fan-out or work chunk) that failed every attempt: its rows are counted as failed. */
  jobMessagesDeadLettered: "JobMessagesDeadLettered",
  /** A password or PIN check refused because the credential is locked (nothing evaluated). */
  lockouts: "Lockouts",
} as const;

/**
 * Each HTTP function's requests by outcome, with the route family (its capability, `lib/endpoints/index.ts`) as a
 * dimension: `Requests`, `Responses4xx`, `Responses5xx`.
 */
export const routeFamilyMetrics = {
  dimension: "routeFamily",
  /** Set on every function by the CDK app; absent locally, where nothing is published. */
  environment: "LATCHKEY_ROUTE_FAMILY",
  requests: "Requests",
  clientErrors: "Responses4xx",
  serverErrors: "Responses5xx",
} as const;
