import type { signInWithLatchkeyId } from "../../lib/app/identities/identity-sign-in.js";
import type { completeMfaSignIn } from "../../lib/app/sessions/complete-mfa-sign-in.js";
import type { completeNewPassword } from "../../lib/app/sessions/complete-new-password.js";
import type { signIn } from "../../lib/app/sessions/sign-in.js";
import type { PasswordHasher } from "../../lib/ports/password-hasher.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { clock } from "./clock.js";
import {
  audit,
  authenticators,
  credentials,
  emailDeliveries,
  identities,
  sessionRevocations,
  sourceAttempts,
  temporaryPasswords,
  tenants,
  users,
} from "./dynamodb.js";
import { notGranted } from "./not-granted.js";
import { secretBox } from "./secret-box.js";
import { hasher, sessions } from "./secrets.js";
import { outbox } from "./sqs.js";
import { totp } from "./totp.js";

/**
 * The steps of signing in, each shared by its API route and its page: a school account's password, a Latchkey ID's,
 * the first password of one's own, and the authenticator's code.
 */
export const schoolSignInDeps = (): Parameters<typeof signIn>[0] => ({
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  identities: identities(),
  secretBox: secretBox(),
  sessions: sessions(),
  sourceAttempts: sourceAttempts(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});

export const identitySignInDeps = (): Parameters<typeof signInWithLatchkeyId>[0] => ({
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  hasher: hasher(),
  identities: identities(),
  sessions: sessions(),
  sourceAttempts: sourceAttempts(),
  tenants: tenants(),
  users: users(),
});

export const newPasswordDeps = (): Parameters<typeof completeNewPassword>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  hasher: hasher(),
  identities: identities(),
  secretBox: secretBox(),
  sessions: sessions(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});

export const codeStepDeps = (): Parameters<typeof completeMfaSignIn>[0] => ({
  audit: audit(),
  authenticators: authenticators(),
  clock,
  credentials: credentials(),
  // Codes are checked under the lockout without hashing anything: not granted the pepper.
  hasher: notGranted<PasswordHasher>("hasher", "secret:pepper"),
  identities: identities(),
  secretBox: secretBox(),
  sessionRevocations: sessionRevocations(),
  sessions: sessions(),
  totp: totp(),
  users: users(),
});

/** Change one's own password (`changePassword`): the API and the console's page. */
export const changePasswordDeps = () => ({
  clock,
  credentials: credentials(),
  sessionRevocations: sessionRevocations(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  users: users(),
});
