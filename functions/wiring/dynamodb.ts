import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoAuditLog } from "../../lib/adapters/dynamodb/audit-log.js";
import { DynamoAuthenticatorStore } from "../../lib/adapters/dynamodb/authenticator-store.js";
import { documentClient } from "../../lib/adapters/dynamodb/client.js";
import { DynamoCredentialStore } from "../../lib/adapters/dynamodb/credential-store.js";
import { DynamoEmailDeliveries } from "../../lib/adapters/dynamodb/email-deliveries.js";
import { DynamoEmailLayoutStore } from "../../lib/adapters/dynamodb/email-layout-store.js";
import { DynamoGroupRepository } from "../../lib/adapters/dynamodb/group-repository.js";
import { DynamoIdempotencyStore } from "../../lib/adapters/dynamodb/idempotency-store.js";
import { DynamoIdentityStore } from "../../lib/adapters/dynamodb/identity-store.js";
import { DynamoJobRepository } from "../../lib/adapters/dynamodb/job-repository.js";
import { DynamoJobSecrets } from "../../lib/adapters/dynamodb/job-secrets.js";
import {
  DynamoEmailVerificationStore,
  DynamoPasswordResetStore,
} from "../../lib/adapters/dynamodb/link-store.js";
import { DynamoPinCodeStore } from "../../lib/adapters/dynamodb/pin-code-store.js";
import { DynamoPupilPinStore } from "../../lib/adapters/dynamodb/pupil-pin-store.js";
import { DynamoSendRateLimiter } from "../../lib/adapters/dynamodb/send-rate-limiter.js";
import { DynamoSessionRevocations } from "../../lib/adapters/dynamodb/session-revocations.js";
import { DynamoSourceAttempts } from "../../lib/adapters/dynamodb/source-attempts.js";
import { DynamoSsoPinStore } from "../../lib/adapters/dynamodb/sso-pin-store.js";
import { DynamoTemporaryPasswordStore } from "../../lib/adapters/dynamodb/temporary-password-store.js";
import { DynamoTenantEmailQuota } from "../../lib/adapters/dynamodb/tenant-email-quota.js";
import { DynamoTenantLocks } from "../../lib/adapters/dynamodb/tenant-locks.js";
import { DynamoTenantRepository } from "../../lib/adapters/dynamodb/tenant-repository.js";
import { DynamoUserRepository } from "../../lib/adapters/dynamodb/user-repository.js";
import type { Deps } from "../../lib/app/deps.js";
import { config, sdkOverride } from "../../lib/config.js";
import type { IdempotencyStore } from "../../lib/ports/idempotency-store.js";
import { tracer } from "../observability.js";
import { countingJobs, countingLockouts } from "./service-metrics.js";

/**
 * The DynamoDB adapters (access `table:read` / `table:write`), each built on first use and kept for the execution
 * environment. Factories, not instances: esbuild leaves out of a function's bundle every adapter it never names.
 */
let client: DynamoDBDocumentClient | undefined;
const built: Partial<Deps> = {};

const db = () => {
  // The document client shares the base client's middleware stack: capturing it traces every table call.
  client ??= tracer.captureAWSv3Client(
    documentClient({
      region: config().AWS_REGION,
      endpoint: config().DYNAMODB_ENDPOINT,
      limits: sdkOverride(),
    }),
  );
  return client;
};
const table = () => config().TABLE_NAME;

export const tenants = () => (built.tenants ??= new DynamoTenantRepository(db(), table()));
export const users = () => (built.users ??= new DynamoUserRepository(db(), table()));
export const identities = () => (built.identities ??= new DynamoIdentityStore(db(), table()));
export const groups = () => (built.groups ??= new DynamoGroupRepository(db(), table()));
export const credentials = () =>
  (built.credentials ??= countingLockouts(new DynamoCredentialStore(db(), table())));
export const jobs = () => (built.jobs ??= countingJobs(new DynamoJobRepository(db(), table())));
export const jobSecrets = () => (built.jobSecrets ??= new DynamoJobSecrets(db(), table()));
export const temporaryPasswords = () =>
  (built.temporaryPasswords ??= new DynamoTemporaryPasswordStore(db(), table()));
export const audit = () => (built.audit ??= new DynamoAuditLog(db(), table()));
export const locks = () => (built.locks ??= new DynamoTenantLocks(db(), table()));
export const ssoPins = () => (built.ssoPins ??= new DynamoSsoPinStore(db(), table()));
export const pupilPins = () => (built.pupilPins ??= new DynamoPupilPinStore(db(), table()));
export const pinCodes = () => (built.pinCodes ??= new DynamoPinCodeStore(db(), table()));
export const sourceAttempts = () => (built.sourceAttempts ??= new DynamoSourceAttempts(db(), table()));
export const layouts = () => (built.layouts ??= new DynamoEmailLayoutStore(db(), table()));
export const passwordResets = () => (built.passwordResets ??= new DynamoPasswordResetStore(db(), table()));
export const emailVerifications = () =>
  (built.emailVerifications ??= new DynamoEmailVerificationStore(db(), table()));
export const sessionRevocations = () =>
  (built.sessionRevocations ??= new DynamoSessionRevocations(db(), table()));
export const sendRate = () => (built.sendRate ??= new DynamoSendRateLimiter(db(), table()));
export const tenantEmailQuota = () => (built.tenantEmailQuota ??= new DynamoTenantEmailQuota(db(), table()));
export const emailDeliveries = () => (built.emailDeliveries ??= new DynamoEmailDeliveries(db(), table()));
export const authenticators = () => (built.authenticators ??= new DynamoAuthenticatorStore(db(), table()));

let idempotencyStore: IdempotencyStore | undefined;
/** The idempotency keys of bulk starts (`functions/middleware/idempotent.ts`); not a use case's port. */
export const idempotency = () => (idempotencyStore ??= new DynamoIdempotencyStore(db(), table()));
