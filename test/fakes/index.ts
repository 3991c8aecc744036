/**
 * In-memory fakes of every port, and `fakeDeps`, which wires one consistent set of them into a full `Deps`: the
 * credential items are shared by the stores that write them and the attempt counters, and the stores that change
 * the user item in their transactions (temporary passwords, PIN codes) share the user repository.
 */
import { OtplibTotp } from "../../lib/adapters/crypto/otplib-totp.js";
import type { Deps } from "../../lib/app/deps.js";
import { FakeAuditLog } from "./audit-log.js";
import { FakeAuthenticatorStore } from "./authenticators.js";
import { FakeClock } from "./clock.js";
import { CredentialItems, FakeCredentialStore } from "./credentials.js";
import { FakeEmailLayoutStore, FakeTemplatePublisher } from "./email-layouts.js";
import {
  FakeEmailDeliveries,
  FakeEmailOutbox,
  FakeMailer,
  FakeSendingAccount,
  FakeSendRateLimiter,
  FakeTenantEmailQuota,
} from "./emails.js";
import { FakeGroupRepository } from "./groups.js";
import { FakeHasher } from "./hasher.js";
import { FakeIdentityStore } from "./identities.js";
import { FakeJobQueue } from "./job-queue.js";
import { FakeJobRepository, FakeJobSecrets } from "./jobs.js";
import { FakeLinkStore, FakeSessionRevocations } from "./password-resets.js";
import { FakePinCodeStore, FakeSourceAttempts } from "./pin-codes.js";
import { FakePupilPinStore } from "./pupil-pins.js";
import { FakeSecretBox } from "./secret-box.js";
import { FakeSessionIssuer } from "./sessions.js";
import { FakeSsoPinStore } from "./sso-pins.js";
import { FakeTemporaryPasswordStore } from "./temporary-passwords.js";
import { FakeTenantLocks } from "./tenant-locks.js";
import { FakeTenantRepository } from "./tenants.js";
import { FakeUserRepository } from "./users.js";

export { FakeAuditLog } from "./audit-log.js";
export { FakeAuthenticatorStore } from "./authenticators.js";
export { FakeClock } from "./clock.js";
export { CredentialItems, FakeCredentialStore } from "./credentials.js";
export { FakeEmailLayoutStore, FakeTemplatePublisher } from "./email-layouts.js";
export * from "./emails.js";
export { FakeGroupRepository } from "./groups.js";
export { FakeHasher, fakeHashOf } from "./hasher.js";
export { FakeIdempotencyStore } from "./idempotency.js";
export { FakeIdentityStore } from "./identities.js";
export { FakeJobQueue } from "./job-queue.js";
export { FakeJobRepository, FakeJobSecrets } from "./jobs.js";
export { FakeLinkStore, FakeSessionRevocations } from "./password-resets.js";
export { FakePinCodeStore, FakeSourceAttempts } from "./pin-codes.js";
export { FakePupilPinStore } from "./pupil-pins.js";
export { FakeSecretBox } from "./secret-box.js";
export { FakeSessionIssuer } from "./sessions.js";
export { FakeSsoPinStore } from "./sso-pins.js";
export { FakeTemporaryPasswordStore } from "./temporary-passwords.js";
export { FakeTenantLocks } from "./tenant-locks.js";
export { FakeTenantRepository } from "./tenants.js";
export { FakeUserRepository } from "./users.js";

/** The fakes with their concrete types, so tests can seed them and read what they recorded. */
export type FakeDeps = ReturnType<typeof buildFakes>;

function buildFakes() {
  const credentialItems = new CredentialItems();
  const users = new FakeUserRepository(credentialItems);
  const tenants = new FakeTenantRepository();
  return {
    credentialItems,
    clock: new FakeClock(),
    settings: {
      defaultSender: "no-reply@latchkey.test",
      senderDomains: ["latchkey.test", "school.example"],
      publicBaseUrl: "https://latchkey.test",
      tenantDailyEmailQuota: 2000,
    },
    tenants,
    users,
    identities: new FakeIdentityStore(users, tenants),
    groups: new FakeGroupRepository(),
    credentials: new FakeCredentialStore(credentialItems),
    hasher: new FakeHasher(),
    sessions: new FakeSessionIssuer(),
    jobs: new FakeJobRepository(),
    jobQueue: new FakeJobQueue(),
    outbox: new FakeEmailOutbox(),
    mailer: new FakeMailer(),
    sendingAccount: new FakeSendingAccount(),
    sendRate: new FakeSendRateLimiter(),
    tenantEmailQuota: new FakeTenantEmailQuota(),
    emailDeliveries: new FakeEmailDeliveries(),
    layouts: new FakeEmailLayoutStore(),
    passwordResets: new FakeLinkStore(),
    emailVerifications: new FakeLinkStore(),
    sessionRevocations: new FakeSessionRevocations(users),
    templatePublisher: new FakeTemplatePublisher(),
    temporaryPasswords: new FakeTemporaryPasswordStore(credentialItems, users),
    audit: new FakeAuditLog(),
    secretBox: new FakeSecretBox(),
    locks: new FakeTenantLocks(),
    jobSecrets: new FakeJobSecrets(),
    ssoPins: new FakeSsoPinStore(credentialItems),
    pupilPins: new FakePupilPinStore(credentialItems),
    pinCodes: new FakePinCodeStore(credentialItems, users),
    sourceAttempts: new FakeSourceAttempts(),
    authenticators: new FakeAuthenticatorStore(credentialItems),
    // The real adapter: pure computation, as fast as a fake, and what the RFC vectors test.
    totp: new OtplibTotp(),
  } satisfies Deps & { credentialItems: CredentialItems };
}

/**
 * A full `Deps` of fresh in-memory fakes (one world per call), with `overrides` replacing any of them — e.g. a
 * port whose failure a test provokes.
 */
export function fakeDeps(): FakeDeps;
export function fakeDeps<O extends Partial<Deps>>(overrides: O): Omit<FakeDeps, keyof O> & O;
export function fakeDeps(overrides: Partial<Deps> = {}) {
  return { ...buildFakes(), ...overrides };
}
