import * as z from "zod";

/**
 * The process environment, parsed once. Nothing else reads `process.env`: handlers and adapters receive the
 * values they need from here.
 */
const optionalUrl = z.url().optional();

const schema = z.object({
  TABLE_NAME: z.string().min(1),
  FANOUT_QUEUE_URL: z.string().min(1),
  WORK_QUEUE_URL: z.string().min(1),
  EMAIL_QUEUE_URL: z.string().min(1),
  EMAIL_TEMPLATE_PREFIX: z.string().min(1),
  SENDER_ADDRESS: z.string().min(3),
  /**
   * The domains verified in SES that emails may come from (comma-separated); a tenant's sender address must be on
   * one. Unset: the domain of SENDER_ADDRESS.
   */
  SENDER_DOMAINS: z.string().optional(),
  /** Where the service's pages are (links in emails): configuration, never a request's Host header. */
  PUBLIC_BASE_URL: z.url(),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Emails per second across all consumers; unset: the SES account's `MaxSendRate` (GetAccount). */
  EMAIL_MAX_SEND_RATE: z.coerce.number().positive().max(1000).optional(),
  /** Emails one tenant may send per UTC day (its share of the SES 24-hour quota); more wait for the next day. */
  EMAIL_TENANT_DAILY_QUOTA: z.coerce.number().int().min(1).default(2000),
  /** AWS: Secrets Manager ARNs. Local: a key file the local runtime generates. Exactly one of the two. */
  PEPPER_SECRET_ARN: z.string().optional(),
  SESSION_SECRET_ARN: z.string().optional(),
  LOCAL_SECRETS_FILE: z.string().optional(),
  /** AWS: the KMS key that issues data keys for sealed secrets (temporary passwords). Local: the key file's. */
  DATA_KEY_ID: z.string().optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** Rosters with at least this many rows run as a queued bulk job. */
  ROSTER_ASYNC_THRESHOLD: z.coerce.number().int().min(1).default(1000),
  /** Users per regeneration work message (400 items written per message at the default). */
  REGENERATION_CHUNK_SIZE: z.coerce.number().int().min(1).max(500).default(200),
  /**
   * Queue consumers back off a message that failed for an outage: hidden for this many seconds after its first
   * receive, doubling per receive up to QUEUE_RETRY_MAX_SECONDS (the local test runtime shortens both).
   */
  /**
   * Override the AWS SDK's per-attempt timeout and attempts for the table, queues and KMS (`sdk-options.ts`;
   * defaults 1000 ms × 2). The local runtime uses one attempt of 8 s: DynamoDB Local is far slower than DynamoDB.
   */
  SDK_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).optional(),
  SDK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).optional(),
  QUEUE_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(43_200).default(120),
  QUEUE_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(43_200).default(3600),
  AWS_REGION: z.string().default("eu-west-2"),
  /** Local emulator endpoints; unset in AWS. */
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
});

export type Config = Readonly<z.infer<typeof schema>>;

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new Error(`Invalid configuration: ${fields}`);
  }
  const config = parsed.data;
  const aws = Boolean(config.PEPPER_SECRET_ARN && config.SESSION_SECRET_ARN);
  if (aws === Boolean(config.LOCAL_SECRETS_FILE)) {
    throw new Error(
      "Invalid configuration: set PEPPER_SECRET_ARN and SESSION_SECRET_ARN, or LOCAL_SECRETS_FILE",
    );
  }
  return config;
}

let cached: Config | undefined;

/** The configuration of this process (parsed on first use, so the local runtime can set the environment first). */
/** The configured override of the SDK's timeouts and attempts (none: the defaults of `sdk-options.ts`). */
export function sdkOverride(c: Config = config()) {
  return {
    ...(c.SDK_REQUEST_TIMEOUT_MS && { requestTimeoutMs: c.SDK_REQUEST_TIMEOUT_MS }),
    ...(c.SDK_MAX_ATTEMPTS && { maxAttempts: c.SDK_MAX_ATTEMPTS }),
  };
}

/**
 * The function's route family, the dashboard's dimension (`routeFamilyMetrics.environment`, set by the CDK app on
 * every HTTP function; unset locally, where nothing is published). Read alone: the metrics middleware needs it
 * where the rest of the configuration may not be set.
 */
export function routeFamily(): string | undefined {
  return process.env.LATCHKEY_ROUTE_FAMILY || undefined;
}

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
