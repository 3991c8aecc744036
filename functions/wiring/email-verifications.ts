import type {
  completeEmailVerification,
  requestEmailVerification,
} from "../../lib/app/email-verifications/email-verification.js";
import { clock } from "./clock.js";
import { audit, emailDeliveries, emailVerifications, users } from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { settings } from "./settings.js";
import { outbox } from "./sqs.js";

/** Asking for a confirmation link (for a user, or for oneself): the link is sealed into its email. */
export const requestVerificationDeps = (): Parameters<typeof requestEmailVerification>[0] => ({
  audit: audit(),
  clock,
  emailDeliveries: emailDeliveries(),
  emailVerifications: emailVerifications(),
  outbox: outbox(),
  secretBox: secretBox(),
  settings: settings(),
  users: users(),
});

/** Confirming an address with a link (the API and the page); also enough to check a link. */
export const completeVerificationDeps = (): Parameters<typeof completeEmailVerification>[0] => ({
  audit: audit(),
  clock,
  emailVerifications: emailVerifications(),
  users: users(),
});
