import { KMSClient } from "@aws-sdk/client-kms";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SQSClient } from "@aws-sdk/client-sqs";
import { argon2Options, PepperedArgon2Hasher } from "../lib/adapters/crypto/argon2-hasher.js";
import { EnvelopeSecretBox } from "../lib/adapters/crypto/envelope-secret-box.js";
import { JwtSessionIssuer } from "../lib/adapters/crypto/jwt-session-issuer.js";
import { LocalDataKeys } from "../lib/adapters/crypto/local-data-keys.js";
import { DynamoAuditLog } from "../lib/adapters/dynamodb/audit-log.js";
import { documentClient } from "../lib/adapters/dynamodb/client.js";
import { DynamoCredentialStore } from "../lib/adapters/dynamodb/credential-store.js";
import { DynamoEmailDeliveries } from "../lib/adapters/dynamodb/email-deliveries.js";
import { DynamoEmailLayoutStore } from "../lib/adapters/dynamodb/email-layout-store.js";
import { DynamoGroupRepository } from "../lib/adapters/dynamodb/group-repository.js";
import { DynamoJobRepository } from "../lib/adapters/dynamodb/job-repository.js";
import { DynamoJobSecrets } from "../lib/adapters/dynamodb/job-secrets.js";
import { DynamoPasswordResetStore } from "../lib/adapters/dynamodb/password-reset-store.js";
import { DynamoPinCodeStore } from "../lib/adapters/dynamodb/pin-code-store.js";
import { DynamoPupilPinStore } from "../lib/adapters/dynamodb/pupil-pin-store.js";
import { DynamoSendRateLimiter } from "../lib/adapters/dynamodb/send-rate-limiter.js";
import { DynamoSessionRevocations } from "../lib/adapters/dynamodb/session-revocations.js";
import { DynamoSourceAttempts } from "../lib/adapters/dynamodb/source-attempts.js";
import { DynamoSsoPinStore } from "../lib/adapters/dynamodb/sso-pin-store.js";
import { DynamoTemporaryPasswordStore } from "../lib/adapters/dynamodb/temporary-password-store.js";
import { DynamoTenantLocks } from "../lib/adapters/dynamodb/tenant-locks.js";
import { DynamoTenantRepository } from "../lib/adapters/dynamodb/tenant-repository.js";
import { DynamoUserRepository } from "../lib/adapters/dynamodb/user-repository.js";
import { KmsDataKeys } from "../lib/adapters/kms/kms-data-keys.js";
import { FileSecretSource } from "../lib/adapters/secrets/file-secret-source.js";
import { SecretsManagerSecretSource } from "../lib/adapters/secrets/secrets-manager-secret-source.js";
import { SesMailer } from "../lib/adapters/ses/ses-mailer.js";
import { SesSendingAccount } from "../lib/adapters/ses/ses-sending-account.js";
import { SesTemplatePublisher } from "../lib/adapters/ses/ses-templates.js";
import { SqsEmailOutbox } from "../lib/adapters/sqs/email-outbox.js";
import { SqsJobQueue } from "../lib/adapters/sqs/job-queue.js";
import type { Deps } from "../lib/app/deps.js";
import { type Config, config } from "../lib/config.js";
import type { SecretSource } from "../lib/ports/secret-source.js";

const localCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Builds every adapter from the configuration. Called once per execution environment (module scope). */
export function wire(cfg: Config = config()): Deps {
  const region = cfg.AWS_REGION;
  const db = documentClient({ region, endpoint: cfg.DYNAMODB_ENDPOINT });
  const sqs = new SQSClient({
    region,
    ...(cfg.SQS_ENDPOINT ? { endpoint: cfg.SQS_ENDPOINT, credentials: localCredentials } : {}),
  });
  const ses = new SESv2Client({
    region,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT, credentials: localCredentials } : {}),
  });
  const files = cfg.LOCAL_SECRETS_FILE ? new FileSecretSource(cfg.LOCAL_SECRETS_FILE) : undefined;
  const secrets: SecretSource =
    files ??
    new SecretsManagerSecretSource({
      pepper: cfg.PEPPER_SECRET_ARN ?? "",
      session: cfg.SESSION_SECRET_ARN ?? "",
    });
  // Only functions granted the data key get DATA_KEY_ID; the others never seal or open a secret.
  const dataKeys = files
    ? new LocalDataKeys(() => files.masterKey())
    : new KmsDataKeys(new KMSClient({ region }), cfg.DATA_KEY_ID ?? "");
  const table = cfg.TABLE_NAME;
  return {
    clock: { now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    settings: {
      defaultSender: cfg.SENDER_ADDRESS,
      publicBaseUrl: cfg.PUBLIC_BASE_URL.replace(/\/+$/, ""),
    },
    tenants: new DynamoTenantRepository(db, table),
    users: new DynamoUserRepository(db, table),
    groups: new DynamoGroupRepository(db, table),
    credentials: new DynamoCredentialStore(db, table),
    hasher: new PepperedArgon2Hasher(secrets, argon2Options),
    sessions: new JwtSessionIssuer(secrets, cfg.SESSION_TTL_SECONDS),
    jobs: new DynamoJobRepository(db, table),
    temporaryPasswords: new DynamoTemporaryPasswordStore(db, table),
    audit: new DynamoAuditLog(db, table),
    secretBox: new EnvelopeSecretBox(dataKeys),
    locks: new DynamoTenantLocks(db, table),
    jobSecrets: new DynamoJobSecrets(db, table),
    ssoPins: new DynamoSsoPinStore(db, table),
    pupilPins: new DynamoPupilPinStore(db, table),
    pinCodes: new DynamoPinCodeStore(db, table),
    sourceAttempts: new DynamoSourceAttempts(db, table),
    jobQueue: new SqsJobQueue(sqs, { fanout: cfg.FANOUT_QUEUE_URL, work: cfg.WORK_QUEUE_URL }),
    outbox: new SqsEmailOutbox(sqs, cfg.EMAIL_QUEUE_URL),
    mailer: new SesMailer(ses, {
      templatePrefix: cfg.EMAIL_TEMPLATE_PREFIX,
      configurationSet: cfg.SES_CONFIGURATION_SET,
    }),
    layouts: new DynamoEmailLayoutStore(db, table),
    passwordResets: new DynamoPasswordResetStore(db, table),
    sessionRevocations: new DynamoSessionRevocations(db, table),
    templatePublisher: new SesTemplatePublisher(ses, cfg.EMAIL_TEMPLATE_PREFIX),
    sendingAccount: new SesSendingAccount(ses, { maxSendRateOverride: cfg.EMAIL_MAX_SEND_RATE }),
    sendRate: new DynamoSendRateLimiter(db, table),
    emailDeliveries: new DynamoEmailDeliveries(db, table),
  };
}

let built: Deps | undefined;

/** The adapters of this execution environment, built on first use. */
export function services(): Deps {
  built ??= wire();
  return built;
}
