import type {
  completePasswordReset,
  requestPasswordReset,
} from "../../lib/app/password-resets/password-reset.js";
import type { SecretBox } from "../../lib/ports/secret-box.js";
import { clock } from "./clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  identities,
  passwordResets,
  sessionRevocations,
  sourceAttempts,
  temporaryPasswords,
  tenants,
  users,
} from "./dynamodb.js";
import { notGranted } from "./not-granted.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { settings } from "./settings.js";
import { outbox } from "./sqs.js";

/** Asking for a reset link (the API and the forgot-password page): the link is sealed into its email. */
export const requestResetDeps = (): Parameters<typeof requestPasswordReset>[0] => ({
  clock,
  emailDeliveries: emailDeliveries(),
  identities: identities(),
  outbox: outbox(),
  passwordResets: passwordResets(),
  secretBox: secretBox(),
  settings: settings(),
  sourceAttempts: sourceAttempts(),
  tenants: tenants(),
  users: users(),
});

/** Setting a password with a reset link (the API and the reset page); also enough to check a link. */
export const completeResetDeps = (): Parameters<typeof completePasswordReset>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  identities: identities(),
  outbox: outbox(),
  passwordResets: passwordResets(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  sessionRevocations: sessionRevocations(),
  temporaryPasswords: temporaryPasswords(),
  users: users(),
});
