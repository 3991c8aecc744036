import type { AuditLog } from "../ports/audit-log.js";
import type { AuthenticatorStore } from "../ports/authenticator-store.js";
import type { Clock } from "../ports/clock.js";
import type { CredentialStore } from "../ports/credential-store.js";
import type { EmailLayoutStore, EmailTemplatePublisher } from "../ports/email-layouts.js";
import type { GroupRepository } from "../ports/group-repository.js";
import type { IdentityStore } from "../ports/identity-store.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { JobRepository } from "../ports/job-repository.js";
import type { JobSecrets } from "../ports/job-secrets.js";
import type {
  EmailDeliveries,
  EmailOutbox,
  Mailer,
  SendingAccount,
  SendRateLimiter,
  TenantEmailQuota,
} from "../ports/mailer.js";
import type { PasswordHasher } from "../ports/password-hasher.js";
import type {
  EmailVerificationStore,
  PasswordResetStore,
  SessionRevocations,
} from "../ports/password-resets.js";
import type { PinCodeStore, SourceAttempts } from "../ports/pin-code-store.js";
import type { PupilPinStore } from "../ports/pupil-pin-store.js";
import type { SecretBox } from "../ports/secret-box.js";
import type { SessionIssuer } from "../ports/session-issuer.js";
import type { SsoPinStore } from "../ports/sso-pin-store.js";
import type { TemporaryPasswordStore } from "../ports/temporary-password-store.js";
import type { TenantLocks } from "../ports/tenant-locks.js";
import type { TenantRepository } from "../ports/tenant-repository.js";
import type { Totp } from "../ports/totp.js";
import type { UserRepository } from "../ports/user-repository.js";

/** Settings of the deployment that use cases need (from `lib/config.ts`, passed in by the wiring). */
export type ServiceSettings = {
  /** Sender of emails for tenants that have not set their own sender address. */
  defaultSender: string;
  /** The domains emails may come from (verified in SES): a tenant's sender address must be on one of them. */
  senderDomains: readonly string[];
  /** Where the service's pages live (reset and sign-up links): from configuration, never from a request. */
  publicBaseUrl: string;
  /** Emails one tenant may send per UTC day (`EMAIL_TENANT_DAILY_QUOTA`). */
  tenantDailyEmailQuota: number;
};

/** Every port a use case may need; each use case names the subset it takes with `Pick`. */
export type Deps = {
  clock: Clock;
  settings: ServiceSettings;
  tenants: TenantRepository;
  users: UserRepository;
  /** Latchkey IDs and their consented links to user accounts. */
  identities: IdentityStore;
  groups: GroupRepository;
  credentials: CredentialStore;
  hasher: PasswordHasher;
  sessions: SessionIssuer;
  jobs: JobRepository;
  jobQueue: JobQueue;
  outbox: EmailOutbox;
  mailer: Mailer;
  sendingAccount: SendingAccount;
  sendRate: SendRateLimiter;
  tenantEmailQuota: TenantEmailQuota;
  emailDeliveries: EmailDeliveries;
  layouts: EmailLayoutStore;
  passwordResets: PasswordResetStore;
  emailVerifications: EmailVerificationStore;
  sessionRevocations: SessionRevocations;
  templatePublisher: EmailTemplatePublisher;
  temporaryPasswords: TemporaryPasswordStore;
  audit: AuditLog;
  secretBox: SecretBox;
  locks: TenantLocks;
  jobSecrets: JobSecrets;
  ssoPins: SsoPinStore;
  pupilPins: PupilPinStore;
  pinCodes: PinCodeStore;
  sourceAttempts: SourceAttempts;
  authenticators: AuthenticatorStore;
  totp: Totp;
};
