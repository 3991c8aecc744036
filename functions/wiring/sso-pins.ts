import type { SecretBox } from "../../lib/ports/secret-box.js";
import { clock } from "./clock.js";
import { audit, credentials, emailDeliveries, ssoPins, users } from "./dynamodb.js";
import { notGranted } from "./not-granted.js";
import { hasher } from "./secrets.js";
import { outbox } from "./sqs.js";

/** Reset another user's SSO PIN (`resetSsoPin`, the admin's password checked): the API and the console. */
export const resetSsoPinDeps = () => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  // Its notice carries no secret: not granted kms:data-key.
  secretBox: notGranted<SecretBox>("secretBox", "kms:data-key"),
  ssoPins: ssoPins(),
  users: users(),
});
