import type { signUpWithPinCode } from "../../lib/app/pin-codes/sign-up-with-pin-code.js";
import { clock } from "./clock.js";
import {
  audit,
  credentials,
  emailDeliveries,
  pinCodes,
  sourceAttempts,
  temporaryPasswords,
  tenants,
  users,
} from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { settings } from "./settings.js";
import { outbox } from "./sqs.js";

/**
 * Signing up with a PIN code (the API and the sign-up page): the code is checked under lockout, and the new user's
 * temporary password is sealed for the sign-in and its email.
 */
export const signUpDeps = (): Parameters<typeof signUpWithPinCode>[0] => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  pinCodes: pinCodes(),
  secretBox: secretBox(),
  settings: settings(),
  sourceAttempts: sourceAttempts(),
  temporaryPasswords: temporaryPasswords(),
  tenants: tenants(),
  users: users(),
});
