import { clock } from "./clock.js";
import { audit, credentials, emailDeliveries, pinCodes, users } from "./dynamodb.js";
import { secretBox } from "./secret-box.js";
import { hasher } from "./secrets.js";
import { settings } from "./settings.js";
import { outbox } from "./sqs.js";

/** Assign (and email) a user's PIN code (the admin's password checked): the API and the console. */
export const assignPinCodeDeps = () => ({
  audit: audit(),
  clock,
  credentials: credentials(),
  emailDeliveries: emailDeliveries(),
  hasher: hasher(),
  outbox: outbox(),
  pinCodes: pinCodes(),
  secretBox: secretBox(),
  settings: settings(),
  users: users(),
});
